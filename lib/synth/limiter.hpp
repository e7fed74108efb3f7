// Look-ahead peak limiter aware of inter-sample (true) peaks.
//
// Peaks are estimated between samples by 4x oversampling on the detection path (an
// 16-tap windowed-sinc interpolator, as BS.1770's true-peak meter does), so a peak that a
// DAC or codec would reconstruct above the ceiling is caught too. The gain needed for
// each sample is held as a minimum over the look-ahead window and smoothed by a moving
// average of the same length; the signal is delayed so that the gain is at or below
// what every sample needs when it leaves (no overshoot by construction). Gain then
// recovers with an exponential release.
#pragma once

#include <vector>

#include "synth/params.hpp"

namespace ambient {

AMBIENT_SETTINGS(LimiterSettings, limiter, AMBIENT_LIMITER_PARAMS)

class Limiter {
  public:
    void init(float sample_rate, int channels, const LimiterSettings& s);
    // Interleaved frames, in place. The output lags the input by latency() frames.
    void process(float* interleaved, int frames);
    int latency() const { return window_ + detect_lag; }
    // Gain reduction now, in dB (0 when idle).
    float reduction_db() const;

  private:
    // The interpolated stretch lies between the samples detect_lag+1 and detect_lag
    // before the newest (the interpolator needs taps/2 samples on each side).
    static constexpr int taps = 16, detect_lag = taps / 2 - 1;
    float detect(int channel, float x);
    int hold() const { return window_ + 1; }

    int channels_ = 2;
    int window_ = 240;
    float ceiling_ = 0.89f;
    float release_ = 0.001f;
    // Per channel: the last `taps` input samples for interpolation, a ring stored twice.
    std::vector<float> history_;
    int ring_ = 0;
    int loud_for_ = 0;          // samples until the interpolation window holds no loud sample
    float quiet_bound_ = 0.0f;  // below this no interpolated point can reach the ceiling
    // The delayed signal, interleaved, a ring of hold() frames.
    std::vector<float> delayed_;
    // Required gains over the window (for the sliding minimum) as a monotonic queue.
    std::vector<float> queue_value_;
    std::vector<long> queue_time_;
    int queue_head_ = 0, queue_size_ = 0;
    // Moving average of held gains.
    std::vector<float> held_;
    double held_sum_ = 0.0, inverse_window_ = 1.0;
    int box_pos_ = 0;
    long time_ = 0;
    int pos_ = 0;
    float gain_ = 1.0f;
};

}  // namespace ambient
