// A gain that glides to each new setting (no zipper noise when it moves).
#pragma once

#include "synth/dsp.hpp"
#include "synth/effect.hpp"

namespace ambient {

class Gain : public Effect {
  public:
    explicit Gain(float db = 0.0f) : gain_(dsp::db_to_gain(db)), target_(gain_) {}
    void set_db(float db) { target_ = dsp::db_to_gain(db); }
    // Each sample moves the gain a thousandth of the way to its target (about 20 ms to
    // settle), computed in closed form over a block so that no sample waits on the last.
    void process(float* left, float* right, int frames) override;

  private:
    float gain_, target_;
};

}  // namespace ambient
