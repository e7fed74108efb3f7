// Loudness followed while playing, for live output where no second pass exists: the
// short-term loudness of what the engine makes (before any gain, so the loop has no
// feedback), twice a second, and a gain that glides toward the target slowly enough to be
// inaudible and to leave the music's own swells alone.
//
// The starting gain is the patch's calibration, near the target already, so the follower
// trusts it: nothing moves in the first 6 s of sound (two short-term windows: the first
// holds the pads swelling in, not the piece's level), and the estimate starts as what that
// gain promises, the first looks weighing as much as 3 s of that promise. Looks more than 10 LU
// under the estimate (a fade, a pause) are not counted, as BS.1770's relative gate would not.
#pragma once

#include "audio/k_weighting.hpp"

namespace ambient {

class LoudnessFollower {
  public:
    LoudnessFollower(int rate, double target_lufs, double gain_db);
    // Hears the next frames, `seconds` into the piece; returns the gain (dB) wanted now.
    double hear(const float* left, const float* right, int frames, double seconds);

    // The gain moves at most this far a second: in the first 20 s, then on.
    static constexpr double settling_db_per_second = 0.5, steady_db_per_second = 0.15;

  private:
    void look(double short_term, double seconds);

    int rate_;
    double target_, gain_db_;
    ShortTermLoudness meter_;
    long frames_ = 0;     // since the last look
    double heard_ = 0.0;  // seconds of sound since the start or a silence, up to the hold
    double estimate_;     // the engine's loudness before the gain, LUFS
    double weight_;       // how many looks the estimate is worth
};

}  // namespace ambient
