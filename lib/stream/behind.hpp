// How long a listener has been too slow to take what is sent: the WebSocket and the HTTP
// listeners lose their own frames or pages while behind, and are closed once behind for
// longer than their limit. Nobody else waits for them.
#pragma once

#include <chrono>
#include <optional>

namespace ambient {

class Behind {
  public:
    using Clock = std::chrono::steady_clock;
    enum class Verdict {
        fell_behind,  // it just started losing: say so once
        still,        // losing, within its limit
        too_long,     // behind for longer than the limit: close it
    };
    // A frame or page it could not take now.
    Verdict lose(Clock::time_point now, Clock::duration limit) {
        if (!since_) {
            since_ = now;
            return Verdict::fell_behind;
        }
        return now - *since_ > limit ? Verdict::too_long : Verdict::still;
    }
    // One it took; true when it had been behind (it caught up).
    bool take() {
        const bool was = since_.has_value();
        since_.reset();
        return was;
    }
    // Counts again from `now` (while its close goes out).
    void restart(Clock::time_point now) { since_ = now; }

  private:
    std::optional<Clock::time_point> since_;
};

}  // namespace ambient
