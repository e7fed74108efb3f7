// ambient-fx's chain over any raw PCM: delay, then reverb, then the true-peak limiter,
// each optional. The output is aligned with the input (the limiter's look-ahead is taken
// back) and, when an effect with a tail is on, goes on after the input ends until the
// tail has died below -60 dBFS.
#pragma once

#include <optional>
#include <vector>

#include "core/pcm.hpp"
#include "synth/limiter.hpp"
#include "synth/reverb.hpp"
#include "synth/stereo_delay.hpp"

namespace ambient {

struct FxSettings {
    std::optional<ReverbSettings> reverb;
    std::optional<DelaySettings> delay;
    float bpm = 60.0f;  // tempo the delay's beats refer to
    std::optional<LimiterSettings> limiter;
    float max_tail_seconds = 60.0f;
};

class FxChain {
  public:
    FxChain(const FxSettings& s, int rate);
    // Processes stereo frames in place (any count).
    void process(float* stereo, int frames);
    // After the input: writes up to `max_frames` of tail; 0 when it is over.
    int drain(float* stereo, int max_frames);
    // Frames at the very start of process() output that are look-ahead, to be dropped.
    int latency() const { return limiter_ ? limiter_->latency() : 0; }

  private:
    void run_block(float* stereo, int frames);

    FxSettings s_;
    int rate_;
    std::optional<Reverb> reverb_;
    std::optional<StereoDelay> delay_;
    std::optional<Limiter> limiter_;
    std::vector<float> left_, right_, echo_l_, echo_r_, wet_l_, wet_r_;
    long tail_done_ = 0;
    long quiet_ = 0;
    int flush_left_ = -1;
};

// Reads PCM from `in_fd` until EOF, writes the processed PCM (and tail) to `out_fd`.
// Input that ends inside a frame is Error(data) after everything before it is written.
void run_fx(int in_fd, int out_fd, const PcmFormat& format, const FxSettings& s);

}  // namespace ambient
