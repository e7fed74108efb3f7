// Vowel formants: three band-passes in parallel at the resonances of a sung vowel, which
// turn a bright pad into something like a choir. `vowel` moves from "ah" (0) through "oh"
// to "oo" (1); the mix blends the formants with the dry pad. The left and right filters
// of each formant run side by side (StereoSvf).
#pragma once

#include <algorithm>
#include <array>

#include "synth/effect.hpp"
#include "synth/svf.hpp"

namespace ambient {

class Formants : public Effect {
  public:
    void init(float rate) {
        for (auto& f : filters_) f.init(rate);
        set(0.0f, 0.0f);
    }
    // The vowel, and the share of formants over the dry sound.
    void set(float vowel, float mix) {
        mix_ = mix;
        // Hz of the first three formants of a sung "ah" and "oo" (Peterson & Barney).
        constexpr std::array<float, 3> ah = {800.0f, 1150.0f, 2900.0f};
        constexpr std::array<float, 3> oo = {350.0f, 600.0f, 2700.0f};
        constexpr std::array<float, 3> q = {6.0f, 7.0f, 9.0f};
        for (std::size_t i = 0; i < 3; ++i) {
            float hz = ah[i] + (oo[i] - ah[i]) * vowel;
            filters_[i].set(hz, hz * 1.01f, q[i]);  // a little apart: a wider choir
            norm_[i] = gain_[i] / q[i];  // the band-pass peaks at Q: bring it to the gain
        }
    }
    bool enabled() const { return mix_ > 0.0f; }
    // In place, blocks of up to 64 frames.
    void process(float* left, float* right, int frames) override {
        constexpr int block = 64;
        float band_l[3][block], band_r[3][block];
        for (int done = 0; done < frames; done += block) {
            const int n = std::min(block, frames - done);
            float* l = left + done;
            float* r = right + done;
            for (std::size_t i = 0; i < 3; ++i)
                filters_[i].process<Svf::Output::band>(l, r, band_l[i], band_r[i], n);
            for (int k = 0; k < n; ++k) {
                float sum_l = 0.0f, sum_r = 0.0f;
                for (std::size_t i = 0; i < 3; ++i) {
                    sum_l += band_l[i][k] * norm_[i];
                    sum_r += band_r[i][k] * norm_[i];
                }
                l[k] += mix_ * (sum_l * 2.5f - l[k]);
                r[k] += mix_ * (sum_r * 2.5f - r[k]);
            }
        }
    }

  private:
    std::array<StereoSvf, 3> filters_;
    static constexpr std::array<float, 3> gain_ = {1.0f, 0.6f, 0.25f};
    std::array<float, 3> norm_{};
    float mix_ = 0.0f;
};

}  // namespace ambient
