// The control schema: the values listeners steer while the music plays (DESIGN.md,
// Control), each field's name, type, range or choices, default, help text and the stages
// that apply it, stated once. Parsing, validation, serialising, the control API's error
// text, the composers' flags and the page's controls (GET /api/control/schema) all come
// from this table. A new field is one entry in `control_schema()` and one member here.
//
// No I/O: the control file is control/control_file.hpp.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compose/mode.hpp"
#include "phrase/phrase.hpp"

namespace ambient {

// Values as a control file or a POST carries them: any subset of the fields.
struct ControlValues {
    std::uint64_t version = 0;       // the file's version, raised by one per accepted change
    std::optional<std::string> key;  // as spelt, e.g. "Eb"
    std::optional<Mode> mode;
    std::optional<double> bpm;
    std::optional<double> intensity;
    std::optional<std::string> preset;  // a timbre's name (compose/timbres.hpp)
    std::optional<std::string> model;   // who chooses the melody's pitches: "rules", "learned"
};

enum class ControlType { choice, number };

struct ControlField {
    std::string name;
    std::string label;  // what a page calls it: "tempo" for bpm
    ControlType type = ControlType::number;
    std::string help;
    std::vector<std::string>
        stages;  // the pipeline stages that apply it: chords, melody, perc, render
    // number
    double min = 0.0, max = 0.0, step = 0.0;
    std::string unit;  // "bpm"; "%" shows 0..1 as a percentage
    // choice: what a menu offers, and other accepted spellings with the choice they mean
    std::vector<std::string> choices;
    std::vector<std::pair<std::string, std::string>> aliases;
    Json default_value;
    std::string expected;  // the refusal's wording where the choices are too many to list

    // "expected a number from 40 to 160": the text of every refusal of this field.
    std::string expectation() const;
    double default_number() const { return default_value.get<double>(); }
    std::string default_text() const { return default_value.get<std::string>(); }

    // Takes the field from `value` into `into`, or throws Error(data) naming the field.
    std::function<void(const Json& value, ControlValues& into)> read;
    // Puts the field of `from` into `out` when it is set.
    std::function<void(const ControlValues& from, Json& out)> write;
    // Copies the field from `update` into `base` when `update` has it.
    std::function<void(const ControlValues& update, ControlValues& base)> merge;
};

// Every field, in the order a page shows them.
const std::vector<ControlField>& control_schema();
// Throws std::out_of_range for a name not in the schema (a bug: names are ours).
const ControlField& control_field(std::string_view name);

// A JSON object with any subset of the fields (unknown ones are ignored so newer writers
// work). Throws Error(data) naming the field at fault.
ControlValues parse_control(const Json& j);
// As parse_control, but a field outside the schema is refused too (the API's rule).
ControlValues parse_control_update(const Json& j);
// The set fields and the version, e.g. {"version":3,"key":"D","bpm":72}.
Json control_to_json(const ControlValues& v);
// `update`'s set fields over `base` (the version is left to the caller).
ControlValues merge_control(ControlValues base, const ControlValues& update);
// What GET /api/control/schema serves: {"fields":[{"name":"key","type":"choice",…},…]}.
Json control_schema_json();

// Whether a control change is newer than a phrase: true when the phrase was composed
// before the head of the pipeline saw this version (or says nothing of it). A phrase
// composed after has the values in it already, or the journey's once an override is over.
bool control_is_newer(const Phrase& p, const ControlValues& v);

// The fields whose values differ between two readings of the control file, with the
// values `after` gives them (and its version).
ControlValues control_changes(const ControlValues& before, const ControlValues& after);

// What a stage after the chord composer can change in a phrase already composed: its
// tempo, intensity and preset (a key or mode lives in the chords; the renderer
// transposes). Only where control_is_newer(p, v).
void apply_live_control(Phrase& p, const ControlValues& v);

// The control file as a stage after the head follows it. A phrase that says nothing of
// control (its head does not follow the file) gets every value; one composed before the
// newest change gets the fields changed since; one composed after is left as it is, and
// shows the phrases have caught up.
class LiveControl {
  public:
    // The newest values read; returns what changed.
    ControlValues follow(const ControlValues& v);
    void apply(Phrase& p);
    const ControlValues& values() const noexcept { return values_; }

  private:
    ControlValues values_, since_;
};

}  // namespace ambient
