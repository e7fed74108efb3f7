// Effects one after another, with one lifecycle: the output lines up with the input (the
// first latency() frames are dropped), and after the input ends each effect in turn is
// drained through the ones after it (a ringing one until the chain's output has been quiet
// for a quarter of a second, or for at most `max_tail_seconds`), so tails and look-ahead
// come out whole.
#pragma once

#include <memory>
#include <vector>

#include "synth/effect.hpp"
#include "synth/tail.hpp"

namespace ambient {

class EffectChain {
  public:
    explicit EffectChain(float rate, float max_tail_seconds = 60.0f);
    // Adds an effect at the end; returns it, for changes while it plays.
    template <typename E>
    E& add(std::unique_ptr<E> effect) {
        E& e = *effect;
        effects_.push_back(std::move(effect));
        to_skip_ += e.latency();
        return e;
    }
    bool empty() const { return effects_.empty(); }
    int latency() const;
    // In place; returns how many frames of output now start the buffers (fewer than
    // `frames` while the look-ahead of the very start is being dropped).
    int process(float* left, float* right, int frames);
    // After the input: writes up to `max` frames; 0 when every tail and look-ahead is out.
    int drain(float* left, float* right, int max);

  private:
    int drop_start(float* left, float* right, int frames);

    std::vector<std::unique_ptr<Effect>> effects_;
    std::size_t draining_ = 0;  // the effect whose tail comes out now
    TailDetector tail_;
    int to_skip_ = 0;
};

}  // namespace ambient
