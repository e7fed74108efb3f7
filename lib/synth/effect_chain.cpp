#include "synth/effect_chain.hpp"

#include <algorithm>

namespace ambient {

EffectChain::EffectChain(float rate, float max_tail_seconds) : tail_(rate, max_tail_seconds) {}

int EffectChain::latency() const {
    int sum = 0;
    for (const auto& e : effects_) sum += e->latency();
    return sum;
}

int EffectChain::drop_start(float* left, float* right, int frames) {
    const int skip = std::min(to_skip_, frames);
    if (skip == 0) return frames;
    std::move(left + skip, left + frames, left);
    std::move(right + skip, right + frames, right);
    to_skip_ -= skip;
    return frames - skip;
}

int EffectChain::process(float* left, float* right, int frames) {
    for (const auto& e : effects_) e->process(left, right, frames);
    return drop_start(left, right, frames);
}

int EffectChain::drain(float* left, float* right, int max) {
    while (draining_ < effects_.size()) {
        Effect& e = *effects_[draining_];
        const int n = e.drain(left, right, max);
        if (n == 0) {
            ++draining_;
            tail_.reset();
            continue;
        }
        for (std::size_t k = draining_ + 1; k < effects_.size(); ++k)
            effects_[k]->process(left, right, n);
        if (e.rings() && tail_.over(left, right, n)) {
            ++draining_;  // this tail is over; what the later effects hold comes next
            tail_.reset();
        }
        if (const int kept = drop_start(left, right, n); kept > 0) return kept;
    }
    return 0;
}

}  // namespace ambient
