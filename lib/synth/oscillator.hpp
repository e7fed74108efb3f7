// Band-limited oscillators.
//
// PolyBLEP (Valimaki & Huovilainen 2007): a naive sawtooth or square with a two-sample
// polynomial correction at each discontinuity. Aliasing drops by 30-40 dB against the
// naive waveform for a handful of operations, cheap enough for many detuned pad voices.
// The triangle is the naive triangle with the integral of that correction at each corner
// (polyBLAMP), which is what integrating the corrected square gives, without the
// integrator's sample-by-sample dependence: every waveform is a function of the phase
// alone, so a block's samples are computed side by side (SIMD).
#pragma once

#include "synth/dsp.hpp"

namespace ambient {

enum class Waveform { sine, triangle, saw, square };

namespace osc {
// The corrections take a phase `T`: a float, or a vector of them (GCC and Clang vector
// extensions), worked lane by lane with the same operations.
// The polyBLEP residual of a rising unit step at phase 0, `t` in turns, `dt` the increment
// (0 away from the step).
template <typename T>
inline T blep(T t, float inv_dt, float dt) {
    T a = t * inv_dt, b = (t - 1.0f) * inv_dt;
    return t < dt ? a + a - a * a - 1.0f : (t > 1.0f - dt ? b * b + b + b + 1.0f : T{});
}
// Its integral: the residual of a unit change of slope (per sample) at phase 0.
template <typename T>
inline T blamp(T t, float inv_dt, float dt) {
    T x = t < 0.5f ? t * inv_dt : (1.0f - t) * inv_dt;  // samples from the corner
    T y = 1.0f - x;
    return x < 1.0f ? y * y * y * (1.0f / 6.0f) * (dt + dt) : T{};
}
inline float wrap(float t) {
    return t - float(static_cast<int>(t));
}
// Four phases wrapped at once, as wrap() does each.
using Four = float __attribute__((vector_size(16)));
inline Four wrap(Four t) {
    using Ints = int __attribute__((vector_size(16)));
    return t - __builtin_convertvector(__builtin_convertvector(t, Ints), Four);
}
// Each waveform at phase t in [0, 1): the naive wave and its correction near the corners
// (0 more than an increment away from each).
inline float naive_saw(float t) {
    return 2.0f * t - 1.0f;
}
template <typename T>
inline T saw_fix(T t, float inv_dt, float dt) {
    return -blep(t, inv_dt, dt);
}
inline float naive_square(float t) {
    return t < 0.5f ? 1.0f : -1.0f;
}
template <typename T>
inline T square_fix(T t, float inv_dt, float dt) {
    return blep(t, inv_dt, dt) - blep(wrap(t + 0.5f), inv_dt, dt);
}
// -1 at phase 0, +1 at a half: the slope turns by 8 per turn (8 dt per sample) at each.
inline float naive_triangle(float t) {
    return 1.0f - 4.0f * (t < 0.5f ? 0.5f - t : t - 0.5f);
}
template <typename T>
inline T triangle_fix(T t, float inv_dt, float dt) {
    return 4.0f * (blamp(t, inv_dt, dt) - blamp(wrap(t + 0.5f), inv_dt, dt));
}
inline float saw(float t, float inv_dt, float dt) {
    return naive_saw(t) + saw_fix(t, inv_dt, dt);
}
inline float square(float t, float inv_dt, float dt) {
    return naive_square(t) + square_fix(t, inv_dt, dt);
}
inline float triangle(float t, float inv_dt, float dt) {
    return naive_triangle(t) + triangle_fix(t, inv_dt, dt);
}
}  // namespace osc

class Oscillator {
  public:
    void init(float sample_rate) { rate_ = sample_rate; }
    // Default 440 Hz.
    void set_frequency(float hz) { increment_ = hz / rate_; }
    void set_waveform(Waveform w) { waveform_ = w; }
    // Phase in turns [0, 1), e.g. to spread detuned voices.
    void set_phase(float turns) { phase_ = osc::wrap(turns); }
    float increment() const { return increment_; }

    float process() {
        phase_ += increment_;
        if (phase_ >= 1.0f) phase_ -= 1.0f;
        return value(phase_);
    }

    // Adds the next `frames` samples times env[i] into left and right with fixed gains.
    // Phase i is the start phase plus i increments, wrapped: no sample waits on the last.
    void add_block(const float* env, float gain_l, float gain_r, float* left, float* right,
                   int frames);

  private:
    float value(float t) const {
        const float dt = increment_, inv_dt = 1.0f / increment_;
        switch (waveform_) {
            case Waveform::sine:
                return dsp::sin_turns(t);
            case Waveform::saw:
                return osc::saw(t, inv_dt, dt);
            case Waveform::square:
                return osc::square(t, inv_dt, dt);
            case Waveform::triangle:
                return osc::triangle(t, inv_dt, dt);
        }
        return 0.0f;
    }
    float rate_ = 48000.0f;
    float increment_ = 440.0f / 48000.0f;
    float phase_ = 0.0f;
    Waveform waveform_ = Waveform::saw;
};

}  // namespace ambient
