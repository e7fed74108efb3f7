// The network side's clock-driven consumer of the ring buffer: every 20 ms it takes one
// frame of audio (or, when the input has stalled, silence), encodes it once, and hands
// the finished WebSocket messages to whoever broadcasts them.
//
// It keeps one frame in hand (20 ms), so that it knows before sending a frame whether
// audio follows: when none does (the writer died or stalled, the input ended) that frame
// fades out, and the first frame after silence, or of a new input, fades in. A break in
// the input is never a click.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "stream/opus_encoder.hpp"
#include "stream/protocol.hpp"
#include "stream/ring_buffer.hpp"

namespace ambient {

// One 20 ms frame, encoded once and shared by every client.
struct StreamFrame {
    std::uint32_t sequence = 0;
    std::uint64_t sample_position = 0;
    bool silent = false;  // made up because the input had stalled
    std::string opus;     // a whole binary message (header + Opus packet); empty without Opus
    std::string pcm;      // a whole binary message (header + s16le samples)
    std::string playing;  // what is playing, when it changed with this frame (JSON)
};

struct FrameSourceOptions {
    bool opus = true;       // also encode Opus (PCM messages are always made: they are cheap)
    int bitrate = 96000;    // Opus bit/s
    int resume_frames = 2;  // after an underflow, wait for this many frames before playing
    std::chrono::milliseconds stall_after{500};  // no audio this long: the input has stalled
};

class FrameSource {
  public:
    using Clock = std::chrono::steady_clock;
    static constexpr int frame_samples = OpusFrameEncoder::frame_samples;
    static constexpr int channels = 2;

    FrameSource(RingBuffer<float>& ring, FrameSourceOptions options);

    // The next frame. `input_paused`: the reader adds nothing more for now (the input ended,
    // or its writer is gone), so a short last frame is padded instead of waited for.
    // `input_start`: where (in input samples) the newest input began; a new one fades in.
    std::shared_ptr<StreamFrame> next(bool input_paused, Clock::time_point now,
                                      std::uint64_t input_start = 0);
    // Input samples (per channel) sent so far: where the audio leaving now came from.
    std::uint64_t input_position() const { return sent_position_; }

    // True once the input has finished and everything it gave has been sent.
    bool drained(bool input_finished) const {
        return input_finished && ring_.size() == 0 && !held_.present;
    }
    // No audio for `stall_after` (or none yet): /healthz says 503.
    bool stalled(Clock::time_point now) const;

    std::uint64_t frames() const { return frames_.load(std::memory_order_relaxed); }
    std::uint64_t silent_frames() const { return silent_.load(std::memory_order_relaxed); }
    // Times the ring ran dry while audio was playing (each starts a run of silence).
    std::uint64_t underflows() const { return underflows_.load(std::memory_order_relaxed); }

    // Fades, in samples per channel: a frame.
    static constexpr int fade_samples = frame_samples;

  private:
    struct Chunk {
        std::vector<float> samples;  // a whole frame, zero-padded after `valid`
        std::size_t valid = 0;       // interleaved samples that are audio
        std::uint64_t start = 0;     // input position of its first sample
        bool present = false;
        bool faded_out = false;
    };
    bool fetch(Chunk& chunk, bool input_paused);
    void encode(StreamFrame& frame, const std::vector<float>& samples);

    RingBuffer<float>& ring_;
    FrameSourceOptions options_;
    std::unique_ptr<OpusFrameEncoder> encoder_;
    Chunk held_, fresh_;
    std::vector<float> silence_;
    std::vector<std::int16_t> pcm_samples_;
    std::vector<std::uint8_t> packet_;
    std::uint64_t read_position_ = 0;  // input samples per channel taken from the ring
    std::uint64_t sent_position_ = 0;
    bool waiting_ = true;  // in an underflow: filling up to resume_frames before playing
    std::atomic<std::int64_t> last_audio_ns_{-1};
    std::atomic<std::uint64_t> frames_{0};
    std::atomic<std::uint64_t> silent_{0};
    std::atomic<std::uint64_t> underflows_{0};
};

}  // namespace ambient
