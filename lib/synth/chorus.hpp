// Stereo chorus: two short delay lines swept by slow LFOs a quarter turn apart,
// which widens and softens a pad.
#pragma once

#include "synth/delay_line.hpp"
#include "synth/dsp.hpp"
#include "synth/effect.hpp"
#include "synth/patch.hpp"

namespace ambient {

class Chorus : public Effect {
  public:
    void init(float rate, const ChorusSettings& s) {
        rate_ = rate;
        s_ = s;
        line_l_.init(static_cast<std::size_t>(0.05f * rate));
        line_r_.init(static_cast<std::size_t>(0.05f * rate));
    }
    void set(const ChorusSettings& s) { s_ = s; }    // while it plays (a morph)
    void set_phase(float turns) { phase_ = turns; }  // where its LFO is, 0..1
    bool enabled() const { return s_.mix > 0.0f; }
    void process(float* left, float* right, int frames) override;

  private:
    // The sweep's delays over a stretch that reads only what was written before it.
    AMBIENT_SIMD void delays(float* left, float* right, int n) const;
    static constexpr int max_stretch = 256;
    float rate_ = 48000.0f;
    // In double: a float summed a step at a time drifts (a step of 0.3 Hz at 48 kHz is
    // 6e-6 of a turn, a float's rounding near 0.5 is 3e-8, and a run adds millions).
    double phase_ = 0.0;
    ChorusSettings s_;
    DelayLine line_l_, line_r_;
};

}  // namespace ambient
