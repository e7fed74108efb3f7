// Journeys (ambient-journey(5)): scenes in time. A scene is a named musical state (key,
// mode, tempo, intensity, timbre and the composers' character); a journey either follows
// the clock (every scene starts "at" a time of day, and the day repeats) or runs its
// scenes one after another for a number of minutes or bars, then repeats or ends.
//
// This is the plan alone; compose/conductor.hpp walks it phrase by phrase.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compose/chord.hpp"
#include "compose/mode.hpp"
#include "phrase/phrase.hpp"

namespace ambient {

struct SceneValues {
    std::string key_name = "A";  // as spelt
    Key key{};
    double bpm = 70.0;
    double intensity = 0.5;
    std::string preset = "drift";
    std::optional<double> chord_bars;  // average bars per chord, 1 to 2 (nullopt: by intensity)
    std::optional<Colour> colour;      // nullopt: chosen by intensity
    double density = 1.0;              // factor on the note density intensity gives
};

struct Scene {
    std::string name;
    SceneValues values;
    std::optional<double> at;       // seconds after midnight it starts (clock journeys)
    std::optional<double> minutes;  // how long it lasts (sequences), or:
    std::optional<double> bars;
    double transition_bars = 8;  // the glide into this scene
};

struct Journey {
    std::string name;
    std::string description;
    std::vector<Scene> scenes;
    bool repeat = true;  // sequences: start again after the last scene, or end there

    bool follows_clock() const { return scenes.front().at.has_value(); }
};

// Where a journey is at a moment: the scene, when it began and when the next begins (in
// seconds of the piece's own time; a clock journey's scene may have begun before it).
struct JourneyPosition {
    std::size_t scene = 0;
    double began = 0.0;
    std::optional<double> next_begins;  // nullopt: the journey ends with this scene
    std::size_t next = 0;
    bool finished = false;  // past the end of a journey that does not repeat
};

// `elapsed`: seconds since the piece began; `start_clock`: the time of day it began, in
// seconds after midnight. `beats_per_bar` turns a scene's bars into time at its tempo.
JourneyPosition journey_position(const Journey& j, double elapsed, double start_clock,
                                 int beats_per_bar);
// Seconds a scene of a sequence lasts.
double scene_seconds(const Scene& s, int beats_per_bar);

// Reads a journey from its JSON (ambient-journey(5)). Throws Error(data) naming the field
// ("scenes[2].at: expected HH:MM").
Journey journey_from_json(const Json& j, const std::string& fallback_name);
// A built-in journey by name, or a file: Error(usage) for a name that is neither.
Journey load_journey(const std::string& name_or_file);
// The built-in journeys' names and one line on each, in the order --list-journeys gives.
struct JourneySummary {
    std::string name, description;
};
std::vector<JourneySummary> builtin_journeys();
Json builtin_journey_json(const std::string& name);

// "06:30" -> seconds after midnight; nullopt if not HH:MM (or H:MM) with valid numbers.
std::optional<double> parse_clock(const std::string& text);
std::string clock_text(double seconds_after_midnight);  // "06:30"
// "30m", "1h30m", "90s", "45" (seconds) -> seconds; nullopt if not a positive duration.
std::optional<double> parse_duration(const std::string& text);

}  // namespace ambient
