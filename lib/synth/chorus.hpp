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
    void process(float* left, float* right, int frames) override {
        const float base = 0.012f * rate_, depth = s_.depth_ms * 0.001f * rate_;
        for (int i = 0; i < frames; ++i) {
            phase_ += s_.rate / rate_;
            if (phase_ >= 1.0f) phase_ -= 1.0f;
            line_l_.write(left[i]);
            line_r_.write(right[i]);
            float wl = line_l_.read_fractional(base + depth * dsp::sin_turns(phase_));
            float wr = line_r_.read_fractional(base + depth * dsp::sin_turns(phase_ + 0.25f));
            left[i] += s_.mix * (wl - left[i]) * 0.5f;
            right[i] += s_.mix * (wr - right[i]) * 0.5f;
        }
    }

  private:
    float rate_ = 48000.0f, phase_ = 0.0f;
    ChorusSettings s_;
    DelayLine line_l_, line_r_;
};

}  // namespace ambient
