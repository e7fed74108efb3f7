// ambient-fx's chain over any raw PCM: delay, then reverb, then the true-peak limiter,
// each optional, as one EffectChain: the output lines up with the input and, when an
// effect with a tail is on, goes on after the input ends until the tail has died away.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

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
    // Told once, at the first NaN or infinity in the input (its frame): such samples are
    // replaced by silence, since one would make a reverb's or delay's whole tail non-finite.
    std::function<void(const std::string& what, std::uint64_t frame)> non_finite;
};

// The effects the settings ask for, in their order.
EffectChain fx_chain(const FxSettings& s, int rate);

// Reads PCM from `in_fd` until EOF, writes the processed PCM (and tail) to `out_fd`.
// Input that ends inside a frame is Error(data) after everything before it is written.
// Returns how many input samples were not finite (replaced by silence).
std::uint64_t run_fx(int in_fd, int out_fd, const PcmFormat& format, const FxSettings& s);

}  // namespace ambient
