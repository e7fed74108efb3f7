// A gain that glides to each new setting (no zipper noise when it moves).
#pragma once

#include <cmath>

#include "synth/dsp.hpp"
#include "synth/effect.hpp"

namespace ambient {

class Gain : public Effect {
  public:
    explicit Gain(float db = 0.0f) : gain_(dsp::db_to_gain(db)), target_(gain_) {}
    void set_db(float db) { target_ = dsp::db_to_gain(db); }
    void process(float* left, float* right, int frames) override {
        if (std::fabs(target_ - gain_) <= 1e-6f * target_) gain_ = target_;
        if (gain_ == target_) {
            for (int i = 0; i < frames; ++i) {
                left[i] *= gain_;
                right[i] *= gain_;
            }
            return;
        }
        for (int i = 0; i < frames; ++i) {
            gain_ += (target_ - gain_) * 0.001f;  // about 20 ms to settle
            left[i] *= gain_;
            right[i] *= gain_;
        }
    }

  private:
    float gain_, target_;
};

}  // namespace ambient
