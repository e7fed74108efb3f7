// ambient-fx's chain over any raw PCM: delay, then reverb, then the true-peak limiter,
// each optional, as one EffectChain: the output lines up with the input and, when an
// effect with a tail is on, goes on after the input ends until the tail has died away.
#pragma once

#include <optional>

#include "core/pcm.hpp"
#include "synth/effect_chain.hpp"
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

// The effects the settings ask for, in their order.
EffectChain fx_chain(const FxSettings& s, int rate);

// Reads PCM from `in_fd` until EOF, writes the processed PCM (and tail) to `out_fd`.
// Input that ends inside a frame is Error(data) after everything before it is written.
void run_fx(int in_fd, int out_fd, const PcmFormat& format, const FxSettings& s);

}  // namespace ambient
