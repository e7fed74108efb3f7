// Vowel formants: three band-passes in parallel at the resonances of a sung vowel, which
// turn a bright pad into something like a choir. `vowel` moves from "ah" (0) through "oh"
// to "oo" (1); the mix blends the formants with the dry pad.
#pragma once

#include <array>

#include "synth/svf.hpp"

namespace ambient {

class Formants {
  public:
    void init(float rate) {
        for (auto& f : left_) f.init(rate);
        for (auto& f : right_) f.init(rate);
        set(0.0f);
    }
    void set(float vowel) {
        // Hz of the first three formants of a sung "ah" and "oo" (Peterson & Barney).
        constexpr std::array<float, 3> ah = {800.0f, 1150.0f, 2900.0f};
        constexpr std::array<float, 3> oo = {350.0f, 600.0f, 2700.0f};
        constexpr std::array<float, 3> q = {6.0f, 7.0f, 9.0f};
        for (std::size_t i = 0; i < 3; ++i) {
            float hz = ah[i] + (oo[i] - ah[i]) * vowel;
            left_[i].set(hz, q[i]);
            right_[i].set(hz * 1.01f, q[i]);  // a little apart: a wider choir
            norm_[i] = gain_[i] / q[i];       // the band-pass peaks at Q: bring it to the gain
        }
    }
    // In place, `mix` of the formants over the dry sound.
    void process(float* left, float* right, int frames, float mix) {
        for (int n = 0; n < frames; ++n) {
            float l = 0.0f, r = 0.0f;
            for (std::size_t i = 0; i < 3; ++i) {
                left_[i].process(left[n]);
                right_[i].process(right[n]);
                l += left_[i].band() * norm_[i];
                r += right_[i].band() * norm_[i];
            }
            left[n] += mix * (l * 2.5f - left[n]);
            right[n] += mix * (r * 2.5f - right[n]);
        }
    }

  private:
    std::array<Svf, 3> left_, right_;
    static constexpr std::array<float, 3> gain_ = {1.0f, 0.6f, 0.25f};
    std::array<float, 3> norm_{};
};

}  // namespace ambient
