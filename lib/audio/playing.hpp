// What is playing, sample by sample: the renderer's side channel (--meta). Each line is a
// whole JSON state with the output sample it starts at:
//   {"sample":96000,"phrase":4,"chord":"ii7","key":"D","mode":"dorian","bpm":72,
//    "intensity":0.6,"preset":"glass","scene":"dawn","journey":{...},"control_version":3}
// ("scene" and "journey", the conductor's status, when the phrase follows a journey)
// written when the phrase, the chord or the control values change, so a reader that
// counts samples (ambient-stream) can say what the audio leaving it holds.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "compose/control.hpp"
#include "phrase/phrase.hpp"

namespace ambient {

class PlayingTracker {
  public:
    // The timbre of phrases that name none (the renderer's --preset).
    void set_default_preset(std::string name) { default_preset_ = std::move(name); }
    // A phrase scheduled from engine sample `start` at `samples_per_beat`.
    void phrase(const Phrase& p, double start, double samples_per_beat);
    // A control change taking effect at engine sample `at`: the fields it set (shown over
    // the phrase that plays) and the file's new version.
    void control(const ControlValues& changed, std::int64_t at);
    // The engine stretched everything after `now` by `factor`.
    void stretch(std::int64_t now, double factor);
    // The state lines for changes at engine samples up to `now`, each with its sample
    // moved by `offset` (the limiter's latency: engine time to output time).
    std::vector<std::string> due(std::int64_t now, std::int64_t offset);

  private:
    struct Change {
        std::uint64_t phrase = 0;
        std::string chord, key, mode, preset;
        double bpm = 0, intensity = 0;
        Json scene, journey;        // null without a journey
        bool control_only = false;  // new control values; the phrase and chord stay
        ControlValues changed;      // a control change's fields
    };
    std::multimap<std::int64_t, Change> pending_;
    Change state_;
    std::string default_preset_ = "drift";
    std::uint64_t control_version_ = 0;
    bool started_ = false;
};

}  // namespace ambient
