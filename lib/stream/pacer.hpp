// Real-time pacing of fixed-length frames from a monotonic clock.
//
// Frame k is due at start + k * period, computed from the start every time rather than
// by adding periods, so an hour of 20 ms frames does not drift by a microsecond. When the
// sender has fallen far behind (the machine stalled), it does not burst out everything it
// owes: it skips to now and counts the frames it let go.
#pragma once

#include <chrono>
#include <cstdint>

namespace ambient {

class Pacer {
  public:
    using Clock = std::chrono::steady_clock;

    // `period` per frame; fall-behinds beyond `max_behind` frames resynchronise.
    Pacer(Clock::time_point start, std::chrono::nanoseconds period, std::int64_t max_behind = 10)
        : start_(start), period_(period), max_behind_(max_behind) {}

    // When frame `index` (from 0) is due.
    Clock::time_point deadline(std::int64_t index) const { return start_ + period_ * index; }
    // The next frame to send.
    std::int64_t next() const { return next_; }

    // How many frames are due at `now` (to be sent now); skips ahead if too far behind.
    std::int64_t due(Clock::time_point now) {
        std::int64_t elapsed = (now - start_) / period_ + 1;  // frames whose deadline has come
        std::int64_t owed = elapsed - next_;
        if (owed > max_behind_) {
            skipped_ += owed - 1;
            next_ = elapsed - 1;
            owed = 1;
        }
        return owed > 0 ? owed : 0;
    }
    // Marks `n` frames as sent.
    void sent(std::int64_t n) { next_ += n; }
    std::int64_t skipped() const { return skipped_; }

  private:
    Clock::time_point start_;
    std::chrono::nanoseconds period_;
    std::int64_t max_behind_;
    std::int64_t next_ = 0;
    std::int64_t skipped_ = 0;
};

}  // namespace ambient
