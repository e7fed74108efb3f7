#include "compose/journey.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>

#include "compose/control.hpp"
#include "compose/pitch.hpp"
#include "compose/timbres.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "phrase/json_file.hpp"

namespace ambient {

namespace {

constexpr double day = 24 * 3600.0;

// The built-in journeys, in the file format itself, so they are read and checked exactly
// as a user's file is.
struct Builtin {
    const char* name;
    const char* json;
};
constexpr Builtin builtins[] = {
    {"day", R"({
      "description": "follows the clock: bright at dawn, fullest in the afternoon, dark, slow and sparse at night",
      "transition": 16,
      "scenes": [
        {"name": "deep night", "at": "01:30", "key": "B", "mode": "aeolian", "bpm": 48,
         "intensity": 0.15, "preset": "deep", "chord_bars": 2, "colour": "sus2", "density": 0.45},
        {"name": "first light", "at": "04:30", "key": "D", "mode": "ionian", "bpm": 54,
         "intensity": 0.25, "preset": "air", "chord_bars": 2, "density": 0.6},
        {"name": "dawn", "at": "06:00", "key": "D", "mode": "lydian", "bpm": 62,
         "intensity": 0.4, "preset": "glass", "chord_bars": 1.6, "colour": "add9"},
        {"name": "morning", "at": "08:30", "key": "A", "mode": "ionian", "bpm": 70,
         "intensity": 0.55, "preset": "keys", "chord_bars": 1.4},
        {"name": "afternoon", "at": "13:00", "key": "E", "mode": "mixolydian", "bpm": 76,
         "intensity": 0.75, "preset": "drift", "chord_bars": 1.2, "density": 1.2},
        {"name": "evening", "at": "17:30", "key": "F#", "mode": "aeolian", "bpm": 66,
         "intensity": 0.5, "preset": "bowed", "chord_bars": 1.5},
        {"name": "dusk", "at": "20:00", "key": "B", "mode": "dorian", "bpm": 60,
         "intensity": 0.38, "preset": "choir", "chord_bars": 1.8, "colour": "7"},
        {"name": "night", "at": "22:30", "key": "F#", "mode": "phrygian", "bpm": 54,
         "intensity": 0.25, "preset": "haze", "chord_bars": 2, "density": 0.6}
      ]})"},
    {"drift", R"({
      "description": "wanders through related keys and timbres, a new scene every few minutes",
      "transition": 16,
      "scenes": [
        {"name": "harbour", "minutes": 5, "key": "A", "mode": "aeolian", "bpm": 70,
         "intensity": 0.5, "preset": "drift"},
        {"name": "mist", "minutes": 4, "key": "E", "mode": "aeolian", "bpm": 64,
         "intensity": 0.4, "preset": "haze", "chord_bars": 1.8},
        {"name": "shore", "minutes": 5, "key": "D", "mode": "dorian", "bpm": 68,
         "intensity": 0.55, "preset": "glass", "colour": "add9"},
        {"name": "meadow", "minutes": 4, "key": "G", "mode": "mixolydian", "bpm": 74,
         "intensity": 0.65, "preset": "keys", "chord_bars": 1.3},
        {"name": "chapel", "minutes": 5, "key": "C", "mode": "ionian", "bpm": 62,
         "intensity": 0.45, "preset": "choir", "chord_bars": 1.8, "colour": "sus4"},
        {"name": "wind", "minutes": 4, "key": "F", "mode": "lydian", "bpm": 66,
         "intensity": 0.35, "preset": "air", "density": 0.8},
        {"name": "strings", "minutes": 5, "key": "D", "mode": "aeolian", "bpm": 60,
         "intensity": 0.5, "preset": "bowed"},
        {"name": "undertow", "minutes": 4, "key": "A", "mode": "phrygian", "bpm": 56,
         "intensity": 0.3, "preset": "deep", "chord_bars": 2, "density": 0.7}
      ]})"},
    {"sleep", R"({
      "description": "about 45 minutes that slow down and thin out, then close on the tonic and end",
      "repeat": false,
      "transition": 12,
      "scenes": [
        {"name": "settle", "minutes": 9, "key": "F", "mode": "ionian", "bpm": 62,
         "intensity": 0.4, "preset": "haze", "chord_bars": 1.6},
        {"name": "float", "minutes": 9, "key": "D", "mode": "aeolian", "bpm": 58,
         "intensity": 0.32, "preset": "choir", "chord_bars": 1.8, "density": 0.85},
        {"name": "drifting off", "minutes": 9, "key": "Bb", "mode": "lydian", "bpm": 54,
         "intensity": 0.24, "preset": "air", "chord_bars": 2, "density": 0.7},
        {"name": "slow", "minutes": 9, "key": "G", "mode": "aeolian", "bpm": 50,
         "intensity": 0.16, "preset": "deep", "chord_bars": 2, "colour": "sus2", "density": 0.55},
        {"name": "last light", "minutes": 9, "key": "G", "mode": "aeolian", "bpm": 46,
         "intensity": 0.08, "preset": "bowed", "chord_bars": 2, "density": 0.35}
      ]})"},
};

[[noreturn]] void refuse(const std::string& where, const std::string& why) {
    throw Error(ErrorKind::data, where + ": " + why, Place::of_field(where));
}

double number_in(const Json& v, const std::string& where, double lo, double hi) {
    if (!v.is_number() || !(v.get<double>() >= lo && v.get<double>() <= hi)) {
        Json a = lo, b = hi;
        if (std::floor(lo) == lo) a = static_cast<long long>(lo);
        if (std::floor(hi) == hi) b = static_cast<long long>(hi);
        refuse(where, "expected a number from " + a.dump() + " to " + b.dump());
    }
    return v.get<double>();
}

std::string text_of(const Json& v, const std::string& where) {
    if (!v.is_string()) refuse(where, "expected a string");
    return v.get<std::string>();
}

// Control fields share the control schema's ranges, so a scene and the page agree.
double control_number(const Json& v, const std::string& where, const char* field) {
    const ControlField& f = control_field(field);
    return number_in(v, where, f.min, f.max);
}

Scene scene_from_json(const Json& j, const std::string& where, double default_transition) {
    if (!j.is_object()) refuse(where, "expected a JSON object (a scene)");
    Scene s;
    s.transition_bars = default_transition;
    bool key_given = false;
    for (auto it = j.begin(); it != j.end(); ++it) {
        const std::string& k = it.key();
        const std::string at = where + "." + k;
        const Json& v = it.value();
        if (k == "name") {
            s.name = text_of(v, at);
        } else if (k == "at") {
            s.at = parse_clock(text_of(v, at));
            if (!s.at) refuse(at, "expected a time of day HH:MM, e.g. \"06:30\"");
        } else if (k == "minutes") {
            s.minutes = number_in(v, at, 0.1, 24 * 60);
        } else if (k == "bars") {
            s.bars = number_in(v, at, 1, 100000);
        } else if (k == "key") {
            s.values.key_name = text_of(v, at);
            auto pc = parse_pitch_class(s.values.key_name);
            if (!pc) refuse(at, "expected a note name such as A, C# or Eb");
            s.values.key.tonic_pc = *pc;
            key_given = true;
        } else if (k == "mode") {
            auto m = parse_mode(text_of(v, at));
            if (!m) refuse(at, control_field("mode").expectation());
            s.values.key.mode = *m;
        } else if (k == "bpm") {
            s.values.bpm = control_number(v, at, "bpm");
        } else if (k == "intensity") {
            s.values.intensity = control_number(v, at, "intensity");
        } else if (k == "preset") {
            s.values.preset = text_of(v, at);
            if (!is_timbre(s.values.preset))
                refuse(at, "unknown preset \"" + s.values.preset + "\" (" +
                               spoken_list(timbre_names(), "or") + ")");
        } else if (k == "chord_bars") {
            s.values.chord_bars = number_in(v, at, 1, 2);
        } else if (k == "colour") {
            std::string c = text_of(v, at);
            if (c != "auto") {
                s.values.colour = parse_colour(c == "triad" ? "" : c);
                if (!s.values.colour) refuse(at, "expected auto, triad, sus2, sus4, add9 or 7");
            }
        } else if (k == "density") {
            s.values.density = number_in(v, at, 0.25, 2);
        } else if (k == "transition") {
            s.transition_bars = number_in(v, at, 0, 64);
        } else {
            refuse(at,
                   "unknown field (a scene has name, at, minutes, bars, key, mode, bpm, "
                   "intensity, preset, chord_bars, colour, density and transition)");
        }
    }
    if (!key_given) s.values.key.tonic_pc = *parse_pitch_class(s.values.key_name);
    if (s.name.empty()) refuse(where + ".name", "missing");
    int timings = int(s.at.has_value()) + int(s.minutes.has_value()) + int(s.bars.has_value());
    if (timings != 1) refuse(where, "give exactly one of at, minutes or bars");
    return s;
}

}  // namespace

double scene_seconds(const Scene& s, int beats_per_bar) {
    if (s.minutes) return *s.minutes * 60.0;
    return s.bars.value_or(0.0) * beats_per_bar * 60.0 / s.values.bpm;
}

JourneyPosition journey_position(const Journey& j, double elapsed, double start_clock,
                                 int beats_per_bar) {
    JourneyPosition pos;
    const std::size_t n = j.scenes.size();
    if (j.follows_clock()) {
        double clock = std::fmod(start_clock + elapsed, day);
        if (clock < 0) clock += day;
        std::size_t i = n - 1;  // before the first scene of the day: the last one of yesterday
        for (std::size_t k = 0; k < n; ++k)
            if (*j.scenes[k].at <= clock) i = k;
        double since = std::fmod(clock - *j.scenes[i].at + day, day);
        pos.scene = i;
        pos.began = elapsed - since;
        pos.next = (i + 1) % n;
        double gap = std::fmod(*j.scenes[pos.next].at - *j.scenes[i].at + day, day);
        pos.next_begins = pos.began + (gap > 0 ? gap : day);
        return pos;
    }
    double cycle = 0.0;
    for (const Scene& s : j.scenes) cycle += scene_seconds(s, beats_per_bar);
    double offset = 0.0;  // where the current cycle began
    if (elapsed >= cycle) {
        if (!j.repeat) {
            pos.finished = true;
            pos.scene = n - 1;
            pos.began = cycle - scene_seconds(j.scenes.back(), beats_per_bar);
            return pos;
        }
        offset = std::floor(elapsed / cycle) * cycle;
    }
    double t = offset;
    for (std::size_t k = 0; k < n; ++k) {
        double len = scene_seconds(j.scenes[k], beats_per_bar);
        if (elapsed < t + len || k + 1 == n) {
            pos.scene = k;
            pos.began = t;
            pos.next = (k + 1) % n;
            if (k + 1 < n || j.repeat) pos.next_begins = t + len;
            return pos;
        }
        t += len;
    }
    return pos;
}

Journey journey_from_json(const Json& j, const std::string& fallback_name) {
    if (!j.is_object()) refuse("journey", "expected a JSON object with \"scenes\"");
    Journey out;
    out.name = fallback_name;
    double transition = 8;
    if (auto t = j.find("transition"); t != j.end())
        transition = number_in(*t, "transition", 0, 64);
    const Json* scenes = nullptr;
    for (auto it = j.begin(); it != j.end(); ++it) {
        const std::string& k = it.key();
        if (k == "name")
            out.name = text_of(it.value(), k);
        else if (k == "description")
            out.description = text_of(it.value(), k);
        else if (k == "repeat") {
            if (!it->is_boolean()) refuse(k, "expected true or false");
            out.repeat = it->get<bool>();
        } else if (k == "scenes")
            scenes = &it.value();
        else if (k != "transition")
            refuse(k,
                   "unknown field (a journey has name, description, repeat, transition and "
                   "scenes)");
    }
    if (!scenes) refuse("scenes", "missing");
    if (!scenes->is_array() || scenes->empty())
        refuse("scenes", "expected an array of at least one scene");
    for (std::size_t i = 0; i < scenes->size(); ++i)
        out.scenes.push_back(
            scene_from_json((*scenes)[i], "scenes[" + std::to_string(i) + "]", transition));
    const bool clock = out.follows_clock();
    for (std::size_t i = 0; i < out.scenes.size(); ++i) {
        const Scene& s = out.scenes[i];
        const std::string where = "scenes[" + std::to_string(i) + "]";
        if (s.at.has_value() != clock)
            refuse(where, clock ? "every scene of a clock journey starts \"at\" a time"
                                : "a journey's scenes either all start \"at\" a time or all "
                                  "last minutes or bars");
        if (clock && i > 0 && *s.at <= *out.scenes[i - 1].at)
            refuse(where + ".at", "expected a time after the scene before (" +
                                      clock_text(*out.scenes[i - 1].at) + ")");
    }
    return out;
}

std::vector<JourneySummary> builtin_journeys() {
    std::vector<JourneySummary> out;
    for (const Builtin& b : builtins)
        out.push_back({b.name, Json::parse(b.json).at("description").get<std::string>()});
    return out;
}

Json builtin_journey_json(const std::string& name) {
    for (const Builtin& b : builtins)
        if (name == b.name) return Json::parse(b.json);
    throw std::out_of_range("no built-in journey " + name);
}

Journey load_journey(const std::string& name_or_file) {
    for (const Builtin& b : builtins)
        if (name_or_file == b.name) return journey_from_json(Json::parse(b.json), b.name);
    if (name_or_file.find('/') == std::string::npos &&
        name_or_file.find('.') == std::string::npos && !std::filesystem::exists(name_or_file)) {
        std::vector<std::string> names;
        for (const Builtin& b : builtins) names.emplace_back(b.name);
        throw Error(ErrorKind::usage,
                    "unknown journey \"" + name_or_file +
                        "\" (built in: " + spoken_list(names, "and") + "; or a JSON file)",
                    Place::of_setting("journey", name_or_file));
    }
    Json j = read_json_file(name_or_file, "journey");
    std::string stem = std::filesystem::path(name_or_file).stem().string();
    try {
        return journey_from_json(j, stem);
    } catch (const Error& e) {
        throw Error(ErrorKind::data, name_or_file + ": " + e.what(), Place(name_or_file));
    }
}

std::optional<double> parse_clock(const std::string& text) {
    int h = -1, m = -1;
    char tail = 0;
    if (std::sscanf(text.c_str(), "%2d:%2d%c", &h, &m, &tail) != 2) return std::nullopt;
    if (text.size() < 4 || text[text.size() - 3] != ':') return std::nullopt;
    if (h < 0 || h > 23 || m < 0 || m > 59) return std::nullopt;
    return h * 3600.0 + m * 60.0;
}

std::string clock_text(double seconds) {
    long s = std::lround(std::fmod(std::fmod(seconds, day) + day, day)) / 60;
    char out[8];
    std::snprintf(out, sizeof out, "%02ld:%02ld", (s / 60) % 24, s % 60);
    return out;
}

std::optional<double> parse_duration(const std::string& text) {
    if (text.empty()) return std::nullopt;
    double total = 0.0;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t used = 0;
        double x = 0.0;
        try {
            x = std::stod(text.substr(i), &used);
        } catch (const std::exception&) {
            return std::nullopt;
        }
        if (!std::isfinite(x) || x < 0 || text[i] == '-' || text[i] == '+') return std::nullopt;
        i += used;
        double unit = 1.0;
        if (i < text.size()) {
            char u = text[i++];
            unit = u == 's' ? 1.0 : u == 'm' ? 60.0 : u == 'h' ? 3600.0 : -1.0;
            if (unit < 0) return std::nullopt;
        } else if (total > 0.0) {
            return std::nullopt;  // "1h30": say 1h30m
        }
        total += x * unit;
    }
    if (!(total > 0.0) || total > 1e7) return std::nullopt;
    return total;
}

}  // namespace ambient
