#include "stream/frame_source.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>

namespace ambient {

FrameSource::FrameSource(RingBuffer<float>& ring, FrameSourceOptions options)
    : ring_(ring), options_(options), samples_(frame_samples * channels) {
    if (options_.opus) encoder_ = std::make_unique<OpusFrameEncoder>(channels, options_.bitrate);
    pcm_samples_.resize(samples_.size());
}

std::shared_ptr<StreamFrame> FrameSource::next(bool input_finished, Clock::time_point now) {
    const std::size_t want = samples_.size();
    std::size_t have = ring_.size();
    // Hysteresis: after running dry, play again only with some frames in hand, so a
    // real-time producer that is a little late does not make every other frame silent.
    if (waiting_ && (have >= want * static_cast<std::size_t>(options_.resume_frames) ||
                     (input_finished && have > 0)))
        waiting_ = false;

    auto frame = std::make_shared<StreamFrame>();
    std::uint64_t index = frames_.load(std::memory_order_relaxed);
    frame->sequence = static_cast<std::uint32_t>(index);
    frame->sample_position = index * frame_samples;

    std::size_t got = 0;
    if (!waiting_ && (have >= want || input_finished)) got = ring_.read(samples_.data(), want);
    if (got == 0 && !input_finished && !waiting_) {
        waiting_ = true;  // ran dry while playing: an underflow
        underflows_.fetch_add(1, std::memory_order_relaxed);
    }
    input_position_ += got / channels;
    std::fill(samples_.begin() + static_cast<std::ptrdiff_t>(got), samples_.end(), 0.0f);
    frame->silent = got == 0;
    if (frame->silent)
        silent_.fetch_add(1, std::memory_order_relaxed);
    else
        last_audio_ns_.store(now.time_since_epoch().count(), std::memory_order_relaxed);

    for (std::size_t i = 0; i < want; ++i)
        pcm_samples_[i] = static_cast<std::int16_t>(
            std::lrint(std::clamp(samples_[i] * 32767.0f, -32768.0f, 32767.0f)));
    FrameHeader header{StreamCodec::pcm_s16le, frame->sequence, frame->sample_position};
    encode_frame(header,
                 std::string_view(reinterpret_cast<const char*>(pcm_samples_.data()),
                                  pcm_samples_.size() * sizeof(std::int16_t)),
                 frame->pcm);
    if (encoder_) {
        encoder_->encode(samples_.data(), packet_);
        header.codec = StreamCodec::opus;
        encode_frame(
            header, std::string_view(reinterpret_cast<const char*>(packet_.data()), packet_.size()),
            frame->opus);
    }
    frames_.fetch_add(1, std::memory_order_relaxed);
    return frame;
}

bool FrameSource::stalled(Clock::time_point now) const {
    std::int64_t last = last_audio_ns_.load(std::memory_order_relaxed);
    if (last < 0) return true;
    return now - Clock::time_point(Clock::duration(last)) > options_.stall_after;
}

}  // namespace ambient
