#include "compose/control.hpp"

#include <cmath>
#include <stdexcept>

#include "compose/pitch.hpp"
#include "compose/timbres.hpp"
#include "core/error.hpp"
#include "core/text.hpp"

namespace ambient {

namespace {

[[noreturn]] void refuse(const ControlField& f) {
    throw Error(ErrorKind::data, f.name + ": " + f.expectation(), Place::of_field(f.name));
}

// Whole numbers stay whole in the file ("bpm":72, not 72.0).
Json number_json(double x) {
    if (std::floor(x) == x && std::fabs(x) < 1e15) return static_cast<std::int64_t>(x);
    return x;
}

ControlField number_field(std::string name, std::string label,
                          std::optional<double> ControlValues::*slot, double min, double max,
                          double step, std::string unit, double default_value, std::string help,
                          std::vector<std::string> stages) {
    ControlField f;
    f.name = std::move(name);
    f.label = std::move(label);
    f.type = ControlType::number;
    f.min = min;
    f.max = max;
    f.step = step;
    f.unit = std::move(unit);
    f.default_value = number_json(default_value);
    f.help = std::move(help);
    f.stages = std::move(stages);
    f.read = [f, slot](const Json& value, ControlValues& into) {
        if (!value.is_number()) refuse(f);
        double x = value.get<double>();
        if (!(x >= f.min && x <= f.max)) refuse(f);
        into.*slot = x;
    };
    f.write = [name = f.name, slot](const ControlValues& from, Json& out) {
        if (from.*slot) out[name] = number_json(*(from.*slot));
    };
    f.merge = [slot](const ControlValues& update, ControlValues& base) {
        if (update.*slot) base.*slot = update.*slot;
    };
    return f;
}

// A choice kept as spelt in a text slot of ControlValues, accepted where `valid` says.
void bind_text(ControlField& f, std::optional<std::string> ControlValues::*slot,
               bool (*valid)(const std::string&)) {
    f.read = [f, slot, valid](const Json& value, ControlValues& into) {
        if (!value.is_string() || !valid(value.get<std::string>())) refuse(f);
        into.*slot = value.get<std::string>();
    };
    f.write = [name = f.name, slot](const ControlValues& from, Json& out) {
        if (from.*slot) out[name] = *(from.*slot);
    };
    f.merge = [slot](const ControlValues& update, ControlValues& base) {
        if (update.*slot) base.*slot = update.*slot;
    };
}

// The key menu spells each pitch class one way; every other spelling is an alias of it.
ControlField key_field() {
    ControlField f;
    f.name = f.label = "key";
    f.type = ControlType::choice;
    f.choices = {"C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"};
    for (const char* letter : {"C", "D", "E", "F", "G", "A", "B"})
        for (const char* accidental : {"", "#", "b"}) {
            std::string spelling = std::string(letter) + accidental;
            const std::string& menu = f.choices[std::size_t(*parse_pitch_class(spelling))];
            if (spelling != menu) f.aliases.emplace_back(spelling, menu);
        }
    f.default_value = "A";
    f.expected = "a note name such as A, C# or Eb";
    f.help =
        "The tonic. The composers move there from their next phrase through a pivot chord; "
        "the renderer transposes what is sounding by the nearer way at once";
    f.stages = {"chords", "render"};
    bind_text(f, &ControlValues::key,
              [](const std::string& s) { return parse_pitch_class(s).has_value(); });
    return f;
}

ControlField mode_field() {
    ControlField f;
    f.name = f.label = "mode";
    f.type = ControlType::choice;
    for (Mode m : all_modes) f.choices.emplace_back(mode_name(m));
    for (const ModeAlias& alias : mode_aliases)
        f.aliases.emplace_back(alias.name, mode_name(alias.mode));
    f.default_value = "aeolian";
    f.help = "The scale; the chord composer changes it from its next phrase";
    f.stages = {"chords"};
    f.read = [f](const Json& value, ControlValues& into) {
        std::optional<Mode> m =
            value.is_string() ? parse_mode(value.get<std::string>()) : std::nullopt;
        if (!m) refuse(f);
        into.mode = m;
    };
    f.write = [](const ControlValues& from, Json& out) {
        if (from.mode) out["mode"] = std::string(mode_name(*from.mode));
    };
    f.merge = [](const ControlValues& update, ControlValues& base) {
        if (update.mode) base.mode = update.mode;
    };
    return f;
}

ControlField preset_field() {
    ControlField f;
    f.name = "preset";
    f.label = "timbre";
    f.type = ControlType::choice;
    f.choices = timbre_names();
    f.default_value = f.choices.front();
    f.help = "The timbre; the renderer morphs every sound parameter there over a few seconds";
    f.stages = {"chords", "render"};
    bind_text(f, &ControlValues::preset, [](const std::string& s) { return is_timbre(s); });
    return f;
}

// Not a path: listeners choose between the rules and the model the melody stage was given
// (ambient-melody --model), never a file of their own.
ControlField model_field() {
    ControlField f;
    f.name = "model";
    f.label = "melody";
    f.type = ControlType::choice;
    f.choices = {"rules", "learned"};
    f.default_value = "rules";
    f.help =
        "Who chooses the melody's pitches from the next phrase: the rules, or the learned "
        "model (the melody stage's --model, else the one built with ambient)";
    f.stages = {"melody"};
    bind_text(f, &ControlValues::model,
              [](const std::string& s) { return s == "rules" || s == "learned"; });
    return f;
}

std::vector<ControlField> make_schema() {
    std::vector<ControlField> fields;
    fields.push_back(key_field());
    fields.push_back(mode_field());
    fields.push_back(number_field(
        "bpm", "tempo", &ControlValues::bpm, 40.0, 160.0, 1.0, "bpm", 70.0,
        "Tempo in beats per minute; the renderer stretches what is still to play at once",
        {"chords", "melody", "perc", "render"}));
    fields.push_back(number_field(
        "intensity", "intensity", &ControlValues::intensity, 0.0, 1.0, 0.01, "%", 0.5,
        "0 calm … 1 busy: chord colours, harmonic rhythm, melody and percussion density; "
        "the renderer glides its brightness at once",
        {"chords", "melody", "perc", "render"}));
    fields.push_back(preset_field());
    fields.push_back(model_field());
    return fields;
}

std::string number_text(double x) {
    Json j = number_json(x);
    return j.dump();
}

std::string field_list() {
    std::vector<std::string> names;
    for (const ControlField& f : control_schema()) names.push_back(f.name);
    return spoken_list(names, "and");
}

}  // namespace

std::string ControlField::expectation() const {
    if (type == ControlType::number)
        return "expected a number from " + number_text(min) + " to " + number_text(max);
    if (!expected.empty()) return "expected " + expected;
    std::vector<std::string> accepted = choices;
    for (const auto& [alias, meaning] : aliases) accepted.push_back(alias);
    return "expected " + spoken_list(accepted, "or");
}

const std::vector<ControlField>& control_schema() {
    static const std::vector<ControlField> fields = make_schema();
    return fields;
}

const ControlField& control_field(std::string_view name) {
    for (const ControlField& f : control_schema())
        if (f.name == name) return f;
    throw std::out_of_range("no control field " + std::string(name));
}

ControlValues parse_control(const Json& j) {
    if (!j.is_object()) throw Error(ErrorKind::data, "expected a JSON object");
    ControlValues v;
    if (auto it = j.find("version"); it != j.end()) {
        if (!it->is_number_unsigned())
            throw Error(ErrorKind::data, "version: expected a non-negative integer",
                        Place::of_field("version"));
        v.version = it->get<std::uint64_t>();
    }
    for (const ControlField& f : control_schema())
        if (auto it = j.find(f.name); it != j.end()) f.read(*it, v);
    return v;
}

ControlValues parse_control_update(const Json& j) {
    if (!j.is_object()) throw Error(ErrorKind::data, "body must be a JSON object");
    if (j.empty()) throw Error(ErrorKind::data, "nothing to change: give " + field_list());
    for (auto it = j.begin(); it != j.end(); ++it) {
        bool known = false;
        for (const ControlField& f : control_schema()) known = known || it.key() == f.name;
        if (!known)
            throw Error(ErrorKind::data,
                        it.key() + ": unknown field (" + field_list() + " can change)",
                        Place::of_field(it.key()));
    }
    return parse_control(j);  // "version" was refused above: a change cannot set it
}

Json control_to_json(const ControlValues& v) {
    Json j = {{"version", v.version}};
    for (const ControlField& f : control_schema()) f.write(v, j);
    return j;
}

ControlValues merge_control(ControlValues base, const ControlValues& update) {
    for (const ControlField& f : control_schema()) f.merge(update, base);
    return base;
}

Json control_schema_json() {
    Json fields = Json::array();
    for (const ControlField& f : control_schema()) {
        Json j = {{"name", f.name},
                  {"label", f.label},
                  {"type", f.type == ControlType::number ? "number" : "choice"},
                  {"default", f.default_value},
                  {"help", f.help},
                  {"stages", f.stages}};
        if (f.type == ControlType::number) {
            j["min"] = number_json(f.min);
            j["max"] = number_json(f.max);
            j["step"] = f.step;
            j["unit"] = f.unit;
        } else {
            j["choices"] = f.choices;
            Json aliases = Json::object();
            for (const auto& [alias, meaning] : f.aliases) aliases[alias] = meaning;
            j["aliases"] = aliases;
        }
        fields.push_back(j);
    }
    return {{"fields", fields}};
}

bool control_is_newer(const Phrase& p, const ControlValues& v) {
    return !p.control_version || *p.control_version < v.version;
}

ControlValues control_changes(const ControlValues& before, const ControlValues& after) {
    ControlValues changed;
    changed.version = after.version;
    for (const ControlField& f : control_schema()) {
        Json a = Json::object(), b = Json::object();
        f.write(before, a);
        f.write(after, b);
        if (a != b) f.merge(after, changed);
    }
    return changed;
}

ControlValues LiveControl::follow(const ControlValues& v) {
    ControlValues changed = control_changes(values_, v);
    since_ = merge_control(since_, changed);
    since_.version = v.version;
    values_ = v;
    return changed;
}

void LiveControl::apply(Phrase& p) {
    if (!p.control_version) {
        apply_live_control(p, values_);
    } else if (control_is_newer(p, values_)) {
        apply_live_control(p, since_);
    } else {
        since_ = ControlValues{};
    }
}

void apply_live_control(Phrase& p, const ControlValues& v) {
    if (v.bpm) p.bpm = *v.bpm;
    if (v.intensity) p.intensity = *v.intensity;
    if (v.preset) p.preset = *v.preset;
}

}  // namespace ambient
