// State-variable filter, trapezoidal integration (A. Simper, "Linear Trapezoidal
// Integrated SVF", Cytomic 2013): stable under fast cutoff modulation, exact -3 dB at
// cutoff for Q = 0.707, low-, band- and high-pass from one state.
#pragma once

#include <cmath>

#include "synth/dsp.hpp"

namespace ambient {

// The filter's outputs, and its coefficients for a cutoff in Hz (clamped below Nyquist)
// and Q (0.5 gentle .. 10 ringing).
struct Svf {
    enum class Output { low, band, high };
    float k, a1, a2, a3;
    static Svf at(float rate, float cutoff_hz, float q) {
        const float fc = std::fmin(std::fmax(cutoff_hz, 10.0f), 0.49f * rate);
        const float g = std::tan(dsp::pi * fc / rate), k = 1.0f / std::fmax(q, 0.1f);
        const float a1 = 1.0f / (1.0f + g * (g + k)), a2 = g * a1;
        return {k, a1, a2, g * a2};
    }
};

// Left and right side by side, each with its own cutoff, the pair of states in one
// vector: half the instructions of two filters.
class StereoSvf {
  public:
    void init(float sample_rate) {
        rate_ = sample_rate;
        set(1000.0f, 1000.0f, 0.7071f);
    }
    void set(float cutoff_l, float cutoff_r, float q) {
        const Svf l = Svf::at(rate_, cutoff_l, q), r = Svf::at(rate_, cutoff_r, q);
        k_ = Pair{l.k, r.k};
        a1_ = Pair{l.a1, r.a1};
        a2_ = Pair{l.a2, r.a2};
        a3_ = Pair{l.a3, r.a3};
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
