#include "stream/frame_source.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string_view>

namespace ambient {

namespace {
// Raised-cosine gain over `n` frames of interleaved stereo, from 1 to 0 (or 0 to 1).
float fade_gain(std::size_t i, std::size_t n, bool out) {
    float x = static_cast<float>(i + 1) / static_cast<float>(n + 1);
    float g = 0.5f - 0.5f * std::cos(std::numbers::pi_v<float> * x);
    return out ? 1.0f - g : g;
}

void fade_in(std::vector<float>& s, std::size_t valid) {
    std::size_t n = std::min<std::size_t>(valid / 2, FrameSource::fade_samples);
    for (std::size_t i = 0; i < n; ++i) {
        float g = fade_gain(i, n, false);
        s[2 * i] *= g;
        s[2 * i + 1] *= g;
    }
}

// Fades out the last fade_samples of `a` followed by `b` (b's valid part ends the audio).
void fade_out(std::vector<float>& a, std::size_t a_valid, std::vector<float>* b,
              std::size_t b_valid) {
    const std::size_t a_frames = a_valid / 2, b_frames = b ? b_valid / 2 : 0;
    const std::size_t total = a_frames + b_frames;
    const std::size_t n = std::min<std::size_t>(total, FrameSource::fade_samples);
    for (std::size_t k = 0; k < n; ++k) {
        std::size_t at = total - n + k;
        float g = fade_gain(k, n, true);
        std::vector<float>& s = at < a_frames ? a : *b;
        std::size_t i = at < a_frames ? at : at - a_frames;
        s[2 * i] *= g;
        s[2 * i + 1] *= g;
    }
}
}  // namespace

FrameSource::FrameSource(RingBuffer<float>& ring, FrameSourceOptions options)
    : ring_(ring), options_(options), silence_(frame_samples * channels, 0.0f) {
    if (options_.opus) encoder_ = std::make_unique<OpusFrameEncoder>(channels, options_.bitrate);
    pcm_samples_.resize(silence_.size());
    held_.samples.resize(silence_.size());
    fresh_.samples.resize(silence_.size());
}

bool FrameSource::fetch(Chunk& chunk, bool input_paused) {
    const std::size_t want = chunk.samples.size();
    std::size_t have = ring_.size();
    // Hysteresis: after running dry, play again only with some frames in hand, so a
    // real-time producer that is a little late does not make every other frame silent.
    if (waiting_ && (have >= want * static_cast<std::size_t>(options_.resume_frames) ||
                     (input_paused && have > 0)))
        waiting_ = false;
    std::size_t got = 0;
    if (!waiting_ && (have >= want || input_paused)) got = ring_.read(chunk.samples.data(), want);
    if (got == 0 && !input_paused && !waiting_) {
        waiting_ = true;  // ran dry while playing: an underflow
        underflows_.fetch_add(1, std::memory_order_relaxed);
    }
    std::fill(chunk.samples.begin() + static_cast<std::ptrdiff_t>(got), chunk.samples.end(), 0.0f);
    chunk.present = got > 0;
    chunk.valid = got;
    chunk.start = read_position_;
    chunk.faded_out = false;
    read_position_ += got / channels;
    return chunk.present;
}

std::shared_ptr<StreamFrame> FrameSource::next(bool input_paused, Clock::time_point now,
                                               std::uint64_t input_start) {
    const bool got = fetch(fresh_, input_paused);
    // The first frame of a new input follows the last of the one before: fade across.
    const bool new_input = got && held_.present && fresh_.start == input_start;
    if (held_.present && !held_.faded_out) {
        if (!got || new_input) {
            fade_out(held_.samples, held_.valid, nullptr, 0);
        } else if (fresh_.valid < fresh_.samples.size()) {  // the input's short last frame
            fade_out(held_.samples, held_.valid, &fresh_.samples, fresh_.valid);
            fresh_.faded_out = true;
        }
    }
    if (got && (!held_.present || new_input)) fade_in(fresh_.samples, fresh_.valid);

    auto frame = std::make_shared<StreamFrame>();
    std::uint64_t index = frames_.load(std::memory_order_relaxed);
    frame->sequence = static_cast<std::uint32_t>(index);
    frame->sample_position = index * frame_samples;
    frame->silent = !held_.present;
    if (frame->silent) {
        silent_.fetch_add(1, std::memory_order_relaxed);
        encode(*frame, silence_);
    } else {
        last_audio_ns_.store(now.time_since_epoch().count(), std::memory_order_relaxed);
        sent_position_ = held_.start + held_.valid / channels;
        encode(*frame, held_.samples);
    }
    std::swap(held_, fresh_);
    fresh_.present = false;
    frames_.fetch_add(1, std::memory_order_relaxed);
    return frame;
}

void FrameSource::encode(StreamFrame& frame, const std::vector<float>& samples) {
    for (std::size_t i = 0; i < samples.size(); ++i)
        pcm_samples_[i] = static_cast<std::int16_t>(
            std::lrint(std::clamp(samples[i] * 32767.0f, -32768.0f, 32767.0f)));
    FrameHeader header{StreamCodec::pcm_s16le, frame.sequence, frame.sample_position};
    encode_frame(header,
                 std::string_view(reinterpret_cast<const char*>(pcm_samples_.data()),
                                  pcm_samples_.size() * sizeof(std::int16_t)),
                 frame.pcm);
    if (encoder_) {
        encoder_->encode(samples.data(), packet_);
        header.codec = StreamCodec::opus;
        encode_frame(
            header, std::string_view(reinterpret_cast<const char*>(packet_.data()), packet_.size()),
            frame.opus);
    }
}

bool FrameSource::stalled(Clock::time_point now) const {
    std::int64_t last = last_audio_ns_.load(std::memory_order_relaxed);
    if (last < 0) return true;
    return now - Clock::time_point(Clock::duration(last)) > options_.stall_after;
}

}  // namespace ambient
