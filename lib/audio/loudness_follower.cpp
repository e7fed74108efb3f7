#include "audio/loudness_follower.hpp"

#include <algorithm>

namespace ambient {

namespace {
constexpr double looks_per_second = 2.0;
// Looks count once this much sound has been heard: the window then holds none of the
// first 3 s, where pads swell in (a pad's attack is not the piece's level).
constexpr double hold_seconds = 6.0;
constexpr double prior_looks = 6.0;    // the calibration counts as 3 s of looks
constexpr double memory_looks = 60.0;  // then the estimate forgets over about 30 s
constexpr double gate_after_looks = 20.0;
constexpr double silence_lufs = -60.0, relative_gate_lu = 10.0;
}  // namespace

LoudnessFollower::LoudnessFollower(int rate, double target_lufs, double gain_db)
    : rate_(rate),
      target_(target_lufs),
      gain_db_(gain_db),
      meter_(rate),
      estimate_(target_lufs - gain_db),
      weight_(prior_looks) {}

double LoudnessFollower::hear(const float* left, const float* right, int frames, double seconds) {
    meter_.add(left, right, static_cast<std::size_t>(frames));
    frames_ += frames;
    const long step = static_cast<long>(rate_ / looks_per_second);
    if (frames_ < step) return gain_db_;
    frames_ -= step;
    look(meter_.short_term(), seconds);
    return gain_db_;
}

void LoudnessFollower::look(double short_term, double seconds) {
    if (short_term < silence_lufs) {
        heard_ = 0.0;  // after a silence, the music swells in anew
        return;
    }
    if (heard_ < hold_seconds) {
        heard_ += 1.0 / looks_per_second;
        return;
    }
    // The gate once the estimate rests on 10 s of looks: before, it is the calibration's
    // promise, and a mix far from it must still be heard.
    const bool gating = weight_ >= prior_looks + gate_after_looks;
    if (gating && short_term < estimate_ - relative_gate_lu) return;
    weight_ = std::min(weight_ + 1.0, memory_looks);
    estimate_ += (short_term - estimate_) / weight_;
    const double max_step =
        (seconds < 20.0 ? settling_db_per_second : steady_db_per_second) / looks_per_second;
    gain_db_ += std::clamp(target_ - estimate_ - gain_db_, -max_step, max_step);
}

}  // namespace ambient
