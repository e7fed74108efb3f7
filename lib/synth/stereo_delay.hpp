// Tempo-synced ping-pong delay: echoes alternate left and right, each darker than the
// last (a one-pole low-pass in the feedback). The delay time glides to a new tempo
// over a fraction of a second instead of jumping, so a tempo change never clicks.
#pragma once

#include "synth/delay_line.hpp"
#include "synth/dsp.hpp"
#include "synth/effect.hpp"
#include "synth/params.hpp"

namespace ambient {

AMBIENT_SETTINGS(DelaySettings, delay, AMBIENT_DELAY_PARAMS)

class StereoDelay : public Effect {
  public:
    // Delays up to `max_seconds` (its lines hold what the time of the moment needs).
    void init(float sample_rate, const DelaySettings& s, float max_seconds = 4.0f);
    void set_tempo(float bpm);
    // New settings while it plays (a morph): the time glides to its new length.
    void set(const DelaySettings& s);
    // Replaces the input block with its echoes (wet only, scaled by mix): a send.
    void process_wet(float* left, float* right, int frames);
    // Blocks up to this long (at a steady time longer than it) are worked in stretches;
    // longer ones, or a gliding time, sample by sample.
    static constexpr int max_block = 512;
    // In place: the input and its echoes (an insert).
    void process(float* left, float* right, int frames) override;
    bool rings() const override { return true; }

  private:
    // A block at a steady time longer than the block (in SIMD: stereo_delay.cpp only).
    AMBIENT_SIMD void process_steady(float* left, float* right, int frames, float fb, float damp);
    // The lines just long enough for the time and where it glides to: a line much longer
    // than its time has each write land where the cache no longer holds it (1.06x the whole
    // render when a 4 s line became one of 0.7 s).
    void fit_lines();

    float rate_ = 48000.0f;
    DelaySettings s_;
    float bpm_ = 70.0f;
    DelayLine line_l_, line_r_;
    float max_delay_ = 0.0f;
    // The time in samples, gliding in doubles: in floats a glide to a time of seconds stalls
    // where its step falls below half a float's resolution there (tens of samples short),
    // and never arrives.
    double target_ = 1.0, current_ = 1.0, glide_ = 0.0;
    float lp_l_ = 0.0f, lp_r_ = 0.0f;
    bool started_ = false;
    bool fitted_ = false;  // the lines fit the time it has arrived at
};

}  // namespace ambient
