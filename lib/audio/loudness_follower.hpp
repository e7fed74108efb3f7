// Loudness followed while playing, for live output where no second pass exists: the
// short-term loudness of what the engine makes (before any gain, so the loop has no
// feedback), twice a second, and a gain that glides toward the target: quickly while the
// first seconds settle, then slowly enough to be inaudible.
#pragma once

#include "audio/k_weighting.hpp"

namespace ambient {

class LoudnessFollower {
  public:
    LoudnessFollower(int rate, double target_lufs, double gain_db);
    // Hears the next frames, `seconds` into the piece; returns the gain (dB) wanted now.
    double hear(const float* left, const float* right, int frames, double seconds);

  private:
    int rate_;
    double target_, gain_db_;
    ShortTermLoudness meter_;
    long frames_ = 0;
    double estimate_ = 0.0;
    bool have_estimate_ = false;
};

}  // namespace ambient
