// The reader side of ambient-stream: raw PCM from a file descriptor into the ring
// buffer as 48 kHz interleaved stereo float, on its own thread.
//
// A producer faster than real time (ambient-render writes as fast as it can) is held
// back by the pipe: when the ring is full the reader waits for room instead of dropping,
// so nothing is lost and the renderer runs no further ahead than the ring allows.
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
    PcmInput(int fd, PcmFormat format, RingBuffer<float>& ring, std::size_t limit);

    // Reads until end of input or stop(). Throws Error(io) on a read error and Error(data)
    // when the input ends inside a frame (after everything whole has gone to the ring).
    void run();
    // Asks run() to return soon (it checks every 50 ms).
    void stop() { stop_.store(true, std::memory_order_relaxed); }

    // True once run() has put everything it will ever put into the ring.
    bool finished() const { return finished_.load(std::memory_order_acquire); }
    // Stereo frames that went into the ring.
    std::uint64_t frames_in() const { return frames_in_.load(std::memory_order_relaxed); }
    // Times the reader waited for the ring to have room (input faster than real time).
    std::uint64_t full_waits() const { return full_waits_.load(std::memory_order_relaxed); }

  private:
    bool push(const std::vector<float>& stereo);
    void to_stereo(std::vector<float>& samples) const;

    int fd_;
    PcmFormat format_;
    RingBuffer<float>& ring_;
    std::size_t limit_;
    PcmDecoder decoder_;
    std::unique_ptr<Resampler> resampler_;
    std::atomic<bool> stop_{false};
    std::atomic<bool> finished_{false};
    std::atomic<std::uint64_t> frames_in_{0};
    std::atomic<std::uint64_t> full_waits_{0};
};

}  // namespace ambient
