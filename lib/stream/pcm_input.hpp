// The reader side of ambient-stream: raw PCM from a file descriptor into the ring
// buffer as 48 kHz interleaved stereo float.
//
// A producer faster than real time (ambient-render writes as fast as it can) is held
// back by the pipe: when the ring is full the reader waits for room instead of dropping,
// so nothing is lost and the renderer runs no further ahead than the ring allows.
//
// One input (stdin) is read by run(); under ambient-radio inputs come one after another
// (InputSessions), each read with read_some() and closed with end_input().
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

#include "core/pcm.hpp"
#include "stream/resampler.hpp"
#include "stream/ring_buffer.hpp"

namespace ambient {

class PcmInput {
  public:
    static constexpr int stream_rate = 48000;
    static constexpr int stream_channels = 2;

    // Keeps at most `limit` samples in the ring (its capacity is a power of two). Error(usage)
    // for more than two channels.
    PcmInput(PcmFormat format, RingBuffer<float>& ring, std::size_t limit);

    // Reads `fd` until its end or stop(), then finished() is true. Throws Error(io) on a
    // read error and Error(data) when the input ends inside a frame (after everything
    // whole has gone to the ring).
    void run(int fd);
    // Asks run() and read_some() to return soon (they check every 50 ms).
    void stop() { stop_.store(true, std::memory_order_relaxed); }

    // One read of `fd` into the ring; false at its end (the converter then flushed).
    // Error(io) on a read error.
    bool read_some(int fd);
    // Ends the current input: a partial frame left by a writer that died is dropped
    // (returns its bytes), the converters start afresh for the next input.
    std::size_t end_input();
    // Between inputs (no writer): the frame source pads the last short frame and the
    // health check says why there is silence.
    void set_waiting(bool waiting) { waiting_.store(waiting, std::memory_order_release); }
    bool waiting() const { return waiting_.load(std::memory_order_acquire); }
    // Where (in stereo frames in) the newest input began, for fades and what-is-playing.
    void mark_input_start() { input_start_.store(frames_in(), std::memory_order_release); }
    std::uint64_t input_start() const { return input_start_.load(std::memory_order_acquire); }
    void finish() { finished_.store(true, std::memory_order_release); }

    // True once everything that will ever come has gone into the ring.
    bool finished() const { return finished_.load(std::memory_order_acquire); }
    // True when nothing more comes for now: finished, or between inputs.
    bool paused() const { return finished() || waiting(); }
    // Stereo frames that went into the ring.
    std::uint64_t frames_in() const { return frames_in_.load(std::memory_order_relaxed); }
    // Times the reader waited for the ring to have room (input faster than real time).
    std::uint64_t full_waits() const { return full_waits_.load(std::memory_order_relaxed); }
    std::size_t buffered_samples() const { return ring_.size(); }
    // Input samples that were NaN or infinite (replaced by silence).
    std::uint64_t non_finite_samples() const { return non_finite_.load(std::memory_order_relaxed); }

  private:
    bool push(const std::vector<float>& stereo);
    void to_stereo(std::vector<float>& samples) const;

    PcmFormat format_;
    RingBuffer<float>& ring_;
    std::size_t limit_;
    PcmDecoder decoder_;
    std::unique_ptr<Resampler> resampler_;
    std::string bytes_ = std::string(16384, '\0');
    std::vector<float> samples_, stereo_;
    std::atomic<bool> stop_{false};
    std::atomic<bool> finished_{false};
    std::atomic<bool> waiting_{false};
    std::atomic<std::uint64_t> input_start_{0};
    std::atomic<std::uint64_t> frames_in_{0};
    std::atomic<std::uint64_t> full_waits_{0};
    std::atomic<std::uint64_t> non_finite_{0};
};

}  // namespace ambient
