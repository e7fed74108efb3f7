// When to start a stage again after it died: at once the first time, then after a delay
// that doubles while it keeps dying (0.5 s, 1 s, 2 s … 30 s), back to "at once" after it
// has run for a stable while (a minute).
#pragma once

#include <algorithm>

namespace ambient {

struct BackoffPolicy {
    double initial_s = 0.5;
    double max_s = 30;
    double stable_s = 60;
};

class Backoff {
  public:
    explicit Backoff(BackoffPolicy policy = {}) : policy_(policy) {}

    // Seconds to wait before starting again, after a run of `ran_s` seconds ended.
    double after_run(double ran_s) {
        if (ran_s >= policy_.stable_s) next_s_ = 0;
        double delay = next_s_;
        next_s_ = next_s_ == 0 ? policy_.initial_s : std::min(next_s_ * 2, policy_.max_s);
        return delay;
    }

  private:
    BackoffPolicy policy_;
    double next_s_ = 0;
};

}  // namespace ambient
