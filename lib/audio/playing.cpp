#include "audio/playing.hpp"

#include <algorithm>
#include <cmath>

#include "compose/mode.hpp"

namespace ambient {

void PlayingTracker::phrase(const Phrase& p, double start, double samples_per_beat) {
    Change c;
    c.phrase = p.seq;
    c.key = p.key;
    c.mode = p.mode;
    c.bpm = p.bpm;
    c.intensity = p.intensity;
    c.preset = p.preset.value_or(default_preset_);
    if (p.scene) c.scene = *p.scene;
    if (auto j = p.extra.find("journey"); j != p.extra.end()) c.journey = *j;
    for (const ChordEvent& chord : p.chords) {
        c.chord = chord.degree + chord.colour;
        pending_.emplace(std::llround(start + chord.beat * samples_per_beat), c);
    }
    if (p.chords.empty()) pending_.emplace(std::llround(start), c);
}

namespace {
// What the renderer applies at once (DESIGN.md, Control): the phrases it has already
// scheduled sound transposed, stretched, at the new intensity and in the new timbre.
void apply_heard(const ControlValues& changed, std::string& key, double& bpm, double& intensity,
                 std::string& preset) {
    if (changed.key) key = *changed.key;
    if (changed.bpm) bpm = *changed.bpm;
    if (changed.intensity) intensity = *changed.intensity;
    if (changed.preset) preset = *changed.preset;
}
}  // namespace

void PlayingTracker::control(const ControlValues& changed, std::int64_t at) {
    control_version_ = changed.version;
    // Chords already scheduled from `at` on are heard with the change: they show it too,
    // rather than the values they were composed with.
    for (auto& [when, pending] : pending_)
        if (!pending.control_only && when >= at)
            apply_heard(changed, pending.key, pending.bpm, pending.intensity, pending.preset);
    Change c;
    c.control_only = true;
    c.changed = changed;
    pending_.emplace(at, c);
}

void PlayingTracker::stretch(std::int64_t now, double factor) {
    std::multimap<std::int64_t, Change> moved;
    for (auto& [at, c] : pending_)
        moved.emplace(at <= now ? at : now + std::llround(double(at - now) * factor), c);
    pending_.swap(moved);
}

std::vector<std::string> PlayingTracker::due(std::int64_t now, std::int64_t offset) {
    std::vector<std::string> lines;
    while (!pending_.empty() && pending_.begin()->first <= now) {
        auto [at, c] = *pending_.begin();
        pending_.erase(pending_.begin());
        if (!c.control_only) {
            state_ = c;
        } else {
            // A listener's change shows at once over the phrase that plays.
            apply_heard(c.changed, state_.key, state_.bpm, state_.intensity, state_.preset);
            if (c.changed.mode) state_.mode = std::string(mode_name(*c.changed.mode));
            if (!started_) continue;  // nothing plays yet to describe
        }
        started_ = true;
        Json j = {{"sample", std::max<std::int64_t>(0, at - offset)},
                  {"phrase", state_.phrase},
                  {"chord", state_.chord},
                  {"key", state_.key},
                  {"mode", state_.mode},
                  {"bpm", state_.bpm},
                  {"intensity", state_.intensity},
                  {"preset", state_.preset}};
        if (!state_.scene.is_null()) j["scene"] = state_.scene;
        if (!state_.journey.is_null()) j["journey"] = state_.journey;
        j["control_version"] = control_version_;
        lines.push_back(j.dump());
    }
    return lines;
}

}  // namespace ambient
