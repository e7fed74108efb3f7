// The phrase: the unit every composer and player exchanges (DESIGN.md, ambient-phrase(5)).
//
// Time is musical (beats from the start of the phrase) so tempo can change at render
// time. Every element keeps the fields it was given that we do not know (`extra`), so a
// stage added between two of ours passes its data through untouched.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "phrase/percussion_kind.hpp"

namespace ambient {

// Insertion-ordered, so unknown fields come out in the order they came in.
using Json = nlohmann::ordered_json;

inline constexpr int phrase_format_version = 1;
// Seeds stay below 2^53 so every JSON reader (jq, JavaScript) keeps them exact.
inline constexpr std::uint64_t max_seed = (std::uint64_t{1} << 53) - 1;

struct ChordEvent {
    int bar = 0;               // bar index the chord starts in, from 0
    double beat = 0.0;         // start, in beats from the start of the phrase
    double beats = 4.0;        // length in beats
    std::string degree;        // roman numeral in the phrase's mode: "i", "IV", "vii°"
    std::string colour;        // "" (plain triad), "sus2", "sus4", "add9" or "7"
    int root = 0;              // MIDI note of the chord root
    std::vector<int> pitches;  // MIDI notes of the pad voicing, low to high
    Json extra = Json::object();
};

struct MelodyNote {
    double beat = 0.0;
    double dur = 1.0;
    int pitch = 60;
    double vel = 0.7;  // 0..1
    Json extra = Json::object();
};

struct PercussionEvent {
    double beat = 0.0;
    double dur = 0.5;
    PercussionKind kind = PercussionKind::kick;
    std::string other_kind;  // the spelling of a kind of PercussionKind::other, kept as read
    double vel = 0.5;
    std::optional<int> pitch;  // pitched kinds (bell)
    Json extra = Json::object();
};

struct Meter {
    int beats = 4;  // beats per bar
    int unit = 4;   // note value of one beat
    friend bool operator==(const Meter&, const Meter&) = default;
};

struct Phrase {
    int v = phrase_format_version;
    std::uint64_t seq = 0;
    std::uint64_t seed = 0;
    std::string key = "A";
    std::string mode = "aeolian";
    int tonic = 57;
    double bpm = 70.0;
    Meter meter;
    int bars = 8;
    double intensity = 0.5;
    // Set by a journey (ambient-journey(5)); every stage keeps them.
    std::optional<std::string> scene;    // the scene this phrase belongs to
    std::optional<std::string> preset;   // the timbre the renderer plays it in
    std::optional<double> preset_glide;  // beats over which the renderer morphs into it
    std::optional<double> density;       // factor on the note density intensity gives
    // The control file's version the head of the pipeline had seen when composing it
    // (compose/control.hpp: control_is_newer).
    std::optional<std::uint64_t> control_version;
    bool end = false;  // the last phrase: it closes on the tonic and the music ends
    std::vector<ChordEvent> chords;
    std::vector<MelodyNote> melody;
    std::vector<PercussionEvent> percussion;
    Json extra = Json::object();

    double total_beats() const { return static_cast<double>(bars) * meter.beats; }
};

}  // namespace ambient
