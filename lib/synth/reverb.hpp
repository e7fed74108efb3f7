// Stereo feedback delay network reverb (Jot & Chaigne 1991).
//
// Eight delay lines of mutually prime lengths feed back through a Hadamard matrix
// (lossless, dense, and only adds: a fast Walsh-Hadamard transform); each line's gain
// sets the decay so that every path loses 60 dB in `decay` seconds, and a one-pole
// low-pass in each line makes highs die sooner, as in a room. A pre-delay separates the
// dry sound from the tail.
#pragma once

#include <array>

#include "synth/delay_line.hpp"
#include "synth/effect.hpp"
#include "synth/params.hpp"

namespace ambient {

AMBIENT_SETTINGS(ReverbSettings, reverb, AMBIENT_REVERB_PARAMS)

class Reverb : public Effect {
  public:
    // mix: the hall's level against the dry sound. The wet signal is added at twice mix
    // (0.5: as loud as the dry), whether the reverb is a send (ambient-render) or an
    // insert (ambient-fx).
    static float wet_gain(float mix) { return 2.0f * mix; }
    void init(float sample_rate, const ReverbSettings& s);
    // New decay, damping and mix while it plays (a morph). The room's size and pre-delay
    // are its structure and stay as init made them.
    void set(const ReverbSettings& s);
    // In place: the dry sound and the hall at wet_gain(mix).
    void process(float* left, float* right, int frames) override;
    bool rings() const override { return true; }
    // Wet output only, for up to `max_block` frames. A block reads nothing it writes, so it
    // runs line by line rather than sample by sample: one longer than the shortest line
    // less a chunk of eight (29.7 ms at size 1, 8.9 ms at 0.3: 393 samples at 44.1 kHz) is
    // worked in pieces that are not.
    static constexpr int max_block = 512;
    void process_wet(const float* in_l, const float* in_r, float* out_l, float* out_r, int frames);

  private:
    static constexpr int lines = 8;
    float rate_ = 48000.0f;
    ReverbSettings s_;
    DelayLine predelay_l_, predelay_r_;
    std::size_t predelay_samples_ = 0;
    std::array<DelayLine, lines> delay_;
    std::array<std::size_t, lines> length_{};
    std::array<float, lines> gain_{};
    std::array<float, lines> lowpass_{};
    float damping_coeff_ = 0.0f;
};

}  // namespace ambient
