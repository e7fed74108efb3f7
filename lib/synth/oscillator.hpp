// Band-limited oscillators.
//
// PolyBLEP (Valimaki & Huovilainen 2007): a naive sawtooth or square with a two-sample
// polynomial correction at each discontinuity. Aliasing drops by 30-40 dB against the
// naive waveform for a handful of operations, cheap enough for many detuned pad voices.
// The triangle is the leaky integral of the corrected square.
#pragma once

#include "synth/dsp.hpp"

namespace ambient {

enum class Waveform { sine, triangle, saw, square };

class Oscillator {
  public:
    void init(float sample_rate) { rate_ = sample_rate; }
    // Default 440 Hz.
    void set_frequency(float hz) { increment_ = hz / rate_; }
    void set_waveform(Waveform w) { waveform_ = w; }
    // Phase in turns [0, 1), e.g. to spread detuned voices.
    // The triangle's integrator starts at the wave's value there, so a note begins without
    // a DC offset (which a fast attack would let through).
    void set_phase(float turns) {
        phase_ = turns - static_cast<float>(static_cast<int>(turns));
        integrator_ = phase_ < 0.5f ? 4.0f * phase_ - 1.0f : 3.0f - 4.0f * phase_;
    }
    float increment() const { return increment_; }

    float process() {
        phase_ += increment_;
        if (phase_ >= 1.0f) phase_ -= 1.0f;
        switch (waveform_) {
            case Waveform::sine:
                return dsp::sin_turns(phase_);
            case Waveform::saw:
                return 2.0f * phase_ - 1.0f - blep(phase_);
            case Waveform::square:
                return square();
            case Waveform::triangle: {
                // Leaky integration of the band-limited square, scaled to +-1.
                integrator_ = increment_ * 4.0f * square() + (1.0f - 0.0005f) * integrator_;
                return integrator_;
            }
        }
        return 0.0f;
    }

    // Adds the next `frames` samples times env[i] into left and right with fixed gains:
    // the waveform is chosen once per block rather than per sample.
    void add_block(const float* env, float gain_l, float gain_r, float* left, float* right,
                   int frames) {
        switch (waveform_) {
            case Waveform::saw: {
                // Branch-free over the block so the compiler can run four or eight samples at
                // once: phase i is the start phase plus i increments, wrapped.
                const float dt = increment_, inv_dt = 1.0f / increment_, start = phase_;
                for (int i = 0; i < frames; ++i) {
                    float t = start + float(i + 1) * dt;
                    t -= float(static_cast<int>(t));
                    float a = t * inv_dt, b = (t - 1.0f) * inv_dt;
                    float correction = t < dt ? a + a - a * a - 1.0f
                                              : (t > 1.0f - dt ? b * b + b + b + 1.0f : 0.0f);
                    float x = env[i] * (2.0f * t - 1.0f - correction);
                    left[i] += x * gain_l;
                    right[i] += x * gain_r;
                }
                phase_ = start + float(frames) * dt;
                phase_ -= float(static_cast<int>(phase_));
                break;
            }
            case Waveform::sine:
                for (int i = 0; i < frames; ++i) {
                    advance();
                    float x = env[i] * dsp::sin_turns(phase_);
                    left[i] += x * gain_l;
                    right[i] += x * gain_r;
                }
                break;
            default:
                for (int i = 0; i < frames; ++i) {
                    float x = env[i] * process();
                    left[i] += x * gain_l;
                    right[i] += x * gain_r;
                }
        }
    }

  private:
    void advance() {
        phase_ += increment_;
        if (phase_ >= 1.0f) phase_ -= 1.0f;
    }
    float blep(float t) const {
        float dt = increment_;
        if (t < dt) {
            t /= dt;
            return t + t - t * t - 1.0f;
        }
        if (t > 1.0f - dt) {
            t = (t - 1.0f) / dt;
            return t * t + t + t + 1.0f;
        }
        return 0.0f;
    }
    float square() const {
        float half = phase_ + 0.5f;
        if (half >= 1.0f) half -= 1.0f;
        return (phase_ < 0.5f ? 1.0f : -1.0f) + blep(phase_) - blep(half);
    }

    float rate_ = 48000.0f;
    float increment_ = 440.0f / 48000.0f;
    float phase_ = 0.0f;
    float integrator_ = 0.0f;
    Waveform waveform_ = Waveform::saw;
};

}  // namespace ambient
