#include "audio/loudness_follower.hpp"

#include <algorithm>

namespace ambient {

LoudnessFollower::LoudnessFollower(int rate, double target_lufs, double gain_db)
    : rate_(rate), target_(target_lufs), gain_db_(gain_db), meter_(rate) {}

double LoudnessFollower::hear(const float* left, const float* right, int frames, double seconds) {
    meter_.add(left, right, static_cast<std::size_t>(frames));
    frames_ += frames;
    const long step = rate_ / 2;  // look twice a second
    if (frames_ < step) return gain_db_;
    frames_ -= step;
    const double st = meter_.short_term();
    if (st < -60.0) return gain_db_;  // silence says nothing about level
    estimate_ = have_estimate_ ? estimate_ + (st - estimate_) * 0.1 : st;
    have_estimate_ = true;
    const double want = target_ - estimate_;
    const double max_step = seconds < 20.0 ? 1.0 : 0.15;
    gain_db_ += std::clamp(want - gain_db_, -max_step, max_step);
    return gain_db_;
}

}  // namespace ambient
