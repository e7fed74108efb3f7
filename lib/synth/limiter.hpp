// Look-ahead peak limiter aware of inter-sample (true) peaks.
//
// Peaks are estimated between samples by 4x oversampling on the detection path (an
// 16-tap windowed-sinc interpolator, as BS.1770's true-peak meter does), so a peak that a
// DAC or codec would reconstruct above the ceiling is caught too. The gain needed for
// each sample is held as a minimum over the look-ahead window and smoothed by a moving
// average of the same length; the signal is delayed so that the gain is at or below
// what every sample needs when it leaves (no overshoot by construction). Gain then
// recovers with an exponential release.
//
// Cheaply, as it runs over every frame of every render: a block with no sample near
// enough to the ceiling to reach it between samples (the interpolator's L1 gain bounds how
// far) is found so by one pass over it, and only its last samples are kept for the next
// block's detection; in one that has, the interpolation runs only for the groups of eight
// frames near such a sample; a recovery with nothing held follows the release's powers
// from a table, in double precision so that it arrives at exactly 1, after which a block
// is a plain delay.
#pragma once

#include <vector>

#include "synth/delay_line.hpp"
#include "synth/dsp.hpp"
#include "synth/effect.hpp"
#include "synth/params.hpp"

namespace ambient {

AMBIENT_SETTINGS(LimiterSettings, limiter, AMBIENT_LIMITER_PARAMS)

class Limiter : public Effect {
  public:
    void init(float sample_rate, const LimiterSettings& s);
    // Stereo, in place. The output lags the input by latency() frames.
    void process(float* left, float* right, int frames) override;
    int latency() const override { return window_ + detect_lag; }
    // Gain reduction now, in dB (0 when idle).
    float reduction_db() const;
    // Whether it has reduced the gain at all since init.
    bool limited() const { return limited_; }

  private:
    // The interpolated stretch lies between the samples detect_lag+1 and detect_lag
    // before the newest (the interpolator needs taps/2 samples on each side).
    static constexpr int taps = 16, detect_lag = taps / 2 - 1, block = 256;
    static constexpr int channels = 2;
    static constexpr int group = 8;  // frames whose need is found together
    // Per channel: the last taps-1 samples before the block, the block, one spare (whole
    // eights).
    static constexpr int stride = taps + block;
    void run_block(float* left, float* right, int frames);
    // Each frame's needed gain (1: none) from its true peak over every channel.
    AMBIENT_SIMD bool take_in(const float* left, const float* right, int frames);
    AMBIENT_SIMD void needs(int frames, float* need);
    AMBIENT_SIMD void group_needs(int first, int frames, float* need);
    AMBIENT_SIMD void delay_through(float* left, float* right, int frames, const float* gains);
    int hold() const { return window_ + 1; }

    int window_ = 240;
    float ceiling_ = 0.89f;
    float release_ = 0.001f;
    float quiet_bound_ = 0.0f;     // below this no interpolated point can reach the ceiling
    double recovery_[block] = {};  // (1 - release)^(f + 1): the shortfall left f frames on
    // 1 - gain, in double precision: a float gain near 1 could not take the recovery's last
    // small steps and would stop a hair under 1.
    double shortfall_ = 0.0;
    std::vector<float> history_;  // `stride` samples a channel
    // The delayed signal per channel.
    DelayLine delayed_[channels];
    // Required gains over the window (for the sliding minimum) as a monotonic queue.
    std::vector<float> queue_value_;
    std::vector<long> queue_time_;
    int queue_head_ = 0, queue_size_ = 0;
    // Moving average of held gains.
    std::vector<float> held_;
    double held_sum_ = 0.0, inverse_window_ = 1.0;
    double resum_below_ = 0.0;  // an average reduction past 120 dB: summed afresh
    int box_pos_ = 0;
    long time_ = 0;
    long calm_ = 0;  // frames in a row that needed no reduction
    float gain_ = 1.0f;
    bool limited_ = false;
};

}  // namespace ambient
