// Tempo-synced ping-pong delay: echoes alternate left and right, each darker than the
// last (a one-pole low-pass in the feedback). The delay time glides to a new tempo
// over a fraction of a second instead of jumping, so a tempo change never clicks.
#pragma once

#include "synth/delay_line.hpp"
#include "synth/params.hpp"

namespace ambient {

namespace delay_param {
inline constexpr Param beats{"beats", "beats",
                             0.75f,   0.0625f,
                             4.0f,    "delay time in beats of the tempo (0.75: a dotted eighth)"};
inline constexpr Param feedback{"feedback", "", 0.35f, 0.0f, 0.95f, "share of each echo fed back"};
inline constexpr Param damping{"damping", "",   0.4f,
                               0.0f,      1.0f, "0 bright to 1 dark: how much darker each echo is"};
inline constexpr Param mix{"mix", "", 0.18f, 0.0f, 1.0f, "echo level"};
}  // namespace delay_param

struct DelaySettings {
    float beats = delay_param::beats.value;
    float feedback = delay_param::feedback.value;
    float damping = delay_param::damping.value;
    float mix = delay_param::mix.value;
};

inline constexpr std::array<ParamOf<DelaySettings>, 4> delay_params = {{
    {&delay_param::beats, &DelaySettings::beats},
    {&delay_param::feedback, &DelaySettings::feedback},
    {&delay_param::damping, &DelaySettings::damping},
    {&delay_param::mix, &DelaySettings::mix},
}};

class StereoDelay {
  public:
    // Room for delays up to `max_seconds`.
    void init(float sample_rate, const DelaySettings& s, float max_seconds = 4.0f);
    void set_tempo(float bpm);
    // Replaces the input block with its echoes (wet only, scaled by mix).
    void process(float* left, float* right, int frames);

  private:
    float rate_ = 48000.0f;
    DelaySettings s_;
    DelayLine line_l_, line_r_;
    float max_delay_ = 0.0f;
    float target_ = 1.0f, current_ = 1.0f, glide_ = 0.0f;
    float lp_l_ = 0.0f, lp_r_ = 0.0f;
    bool started_ = false;
};

}  // namespace ambient
