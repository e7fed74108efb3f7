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
#include "synth/params.hpp"

namespace ambient {

namespace reverb_param {
inline constexpr Param decay{"decay", "s",   6.0f,
                             0.3f,    30.0f, "time for the tail to fall 60 dB (RT60)"};
inline constexpr Param size{"size", "", 1.0f, 0.3f, 2.0f, "room size, scaling the delay lines"};
inline constexpr Param damping{
    "damping", "", 0.35f, 0.0f, 1.0f, "0 bright to 1 dark: how much sooner the highs die"};
inline constexpr Param predelay_ms{"predelay_ms", "ms",   20.0f,
                                   0.0f,          200.0f, "gap between the dry sound and the tail"};
inline constexpr Param mix{"mix", "", 0.3f, 0.0f, 1.0f, "wet share"};
}  // namespace reverb_param

struct ReverbSettings {
    float decay = reverb_param::decay.value;
    float size = reverb_param::size.value;
    float damping = reverb_param::damping.value;
    float predelay_ms = reverb_param::predelay_ms.value;
    float mix = reverb_param::mix.value;
};

inline constexpr std::array<ParamOf<ReverbSettings>, 5> reverb_params = {{
    {&reverb_param::decay, &ReverbSettings::decay},
    {&reverb_param::size, &ReverbSettings::size},
    {&reverb_param::damping, &ReverbSettings::damping},
    {&reverb_param::predelay_ms, &ReverbSettings::predelay_ms},
    {&reverb_param::mix, &ReverbSettings::mix},
}};

class Reverb {
  public:
    void init(float sample_rate, const ReverbSettings& s);
    // In place over a block of stereo samples.
    void process(float* left, float* right, int frames);
    // Wet output only, for up to `max_block` frames (shorter than the shortest line, so a
    // block reads nothing it writes and runs line by line rather than sample by sample).
    static constexpr int max_block = 64;
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
