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

// Two of them side by side (left and right, each with its own cutoff), the pair of states
// in one vector: the same samples as two Svf, in about half the instructions.
class StereoSvf {
  public:
    void init(float sample_rate) {
        rate_ = sample_rate;
        set(1000.0f, 1000.0f, 0.7071f);
    }
    void set(float cutoff_l, float cutoff_r, float q) {
        const float fc[2] = {cutoff_l, cutoff_r};
        for (int c = 0; c < 2; ++c) {
            float f = std::fmin(std::fmax(fc[c], 10.0f), 0.49f * rate_);
            float g = std::tan(dsp::pi * f / rate_);
            k_[c] = 1.0f / std::fmax(q, 0.1f);
            a1_[c] = 1.0f / (1.0f + g * (g + k_[c]));
            a2_[c] = g * a1_[c];
            a3_[c] = g * a2_[c];
        }
    }
    template <Svf::Output output>
    void process(const float* in_l, const float* in_r, float* out_l, float* out_r, int n) {
        Pair ic1 = ic1_, ic2 = ic2_;
        const Pair a1 = a1_, a2 = a2_, a3 = a3_, k = k_, two = {2.0f, 2.0f};
        for (int i = 0; i < n; ++i) {
            const Pair v0 = {in_l[i], in_r[i]};
            const Pair v3 = v0 - ic2;
            const Pair v1 = a1 * ic1 + a2 * v3;
            const Pair v2 = ic2 + a2 * ic1 + a3 * v3;
            ic1 = two * v1 - ic1;
            ic2 = two * v2 - ic2;
            const Pair y = output == Svf::Output::low    ? v2
                           : output == Svf::Output::band ? v1
                                                         : v0 - k * v1 - v2;
            out_l[i] = y[0];
            out_r[i] = y[1];
        }
        ic1_ = ic1;
        ic2_ = ic2;
    }

  private:
    using Pair = float __attribute__((vector_size(8)));
    float rate_ = 48000.0f;
    Pair k_ = {1.414f, 1.414f}, a1_ = {0, 0}, a2_ = {0, 0}, a3_ = {0, 0};
    Pair ic1_ = {0, 0}, ic2_ = {0, 0};
};

}  // namespace ambient
