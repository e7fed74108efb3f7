// The one interface every effect shares, in the SoX manner: set up once, `process` in
// place over a block of stereo frames, `drain` what it still holds once the input has
// ended, and say how far its output lags its input. EffectChain (synth/effect_chain.hpp)
// strings effects together and owns latency compensation and tail detection.
#pragma once

#include <algorithm>

namespace ambient {

class Effect {
  public:
    virtual ~Effect() = default;
    // In place over `frames` stereo frames (any count).
    virtual void process(float* left, float* right, int frames) = 0;
    // After the input has ended: writes up to `max` frames of what the effect gives with
    // silence in, 0 when it holds nothing more. By default its latency's worth; an effect
    // that rings() gives its tail for as long as it is asked (the chain hears when it is quiet).
    virtual int drain(float* left, float* right, int max) {
        const int n = rings() ? max : std::min(max, latency() - drained_);
        if (n <= 0) return 0;
        std::fill(left, left + n, 0.0f);
        std::fill(right, right + n, 0.0f);
        process(left, right, n);
        drained_ += n;
        return n;
    }
    // Frames the output lags the input.
    virtual int latency() const { return 0; }
    // Whether it sounds on after its input ends (a reverb, an echo).
    virtual bool rings() const { return false; }

  private:
    int drained_ = 0;
};

}  // namespace ambient
