// State-variable filter, trapezoidal integration (A. Simper, "Linear Trapezoidal
// Integrated SVF", Cytomic 2013): stable under fast cutoff modulation, exact -3 dB at
// cutoff for Q = 0.707, low-, band- and high-pass from one state.
#pragma once

#include <cmath>

#include "synth/dsp.hpp"

namespace ambient {

class Svf {
  public:
    void init(float sample_rate) {
        rate_ = sample_rate;
        set(1000.0f, 0.7071f);
    }
    // Cutoff in Hz (clamped below Nyquist) and Q (0.5 gentle .. 10 ringing). Default 1 kHz, 0.707.
    void set(float cutoff_hz, float q) {
        float fc = std::fmin(std::fmax(cutoff_hz, 10.0f), 0.49f * rate_);
        float g = std::tan(dsp::pi * fc / rate_);
        k_ = 1.0f / std::fmax(q, 0.1f);
        a1_ = 1.0f / (1.0f + g * (g + k_));
        a2_ = g * a1_;
        a3_ = g * a2_;
    }
    void reset() { ic1_ = ic2_ = 0.0f; }

    // Runs one sample; low(), band(), high() then hold the outputs.
    float process(float v0) {
        float v3 = v0 - ic2_;
        float v1 = a1_ * ic1_ + a2_ * v3;
        float v2 = ic2_ + a2_ * ic1_ + a3_ * v3;
        ic1_ = 2.0f * v1 - ic1_;
        ic2_ = 2.0f * v2 - ic2_;
        low_ = v2;
        band_ = v1;
        high_ = v0 - k_ * v1 - v2;
        return low_;
    }
    // Block forms: `n` samples of one output, the state in registers throughout.
    enum class Output { low, band, high };
    template <Output output>
    void process_block(const float* in, float* out, int n) {
        float ic1 = ic1_, ic2 = ic2_, v1 = band_, v2 = low_, v0 = 0.0f;
        for (int i = 0; i < n; ++i) {
            v0 = in[i];
            const float v3 = v0 - ic2;
            v1 = a1_ * ic1 + a2_ * v3;
            v2 = ic2 + a2_ * ic1 + a3_ * v3;
            ic1 = 2.0f * v1 - ic1;
            ic2 = 2.0f * v2 - ic2;
            out[i] = output == Output::low ? v2 : output == Output::band ? v1 : v0 - k_ * v1 - v2;
        }
        ic1_ = ic1;
        ic2_ = ic2;
        low_ = v2;
        band_ = v1;
        if (n > 0) high_ = v0 - k_ * v1 - v2;
    }
    float low() const { return low_; }
    float band() const { return band_; }
    float high() const { return high_; }

  private:
    float rate_ = 48000.0f;
    float k_ = 1.414f, a1_ = 0, a2_ = 0, a3_ = 0;
    float ic1_ = 0, ic2_ = 0, low_ = 0, band_ = 0, high_ = 0;
};

}  // namespace ambient
