#include "synth/patch.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>
#include <stdexcept>

#include "core/error.hpp"
#include "core/text.hpp"

namespace ambient {

namespace {

// A parameter bound to its place in one Patch.
struct Bound {
    std::string_view section;
    const Param* param;
    float* real;
    int* whole;
    void set(double x) const {
        if (real)
            *real = static_cast<float>(x);
        else
            *whole = static_cast<int>(x);
    }
};

template <typename Settings, std::size_t N>
void bind_section(std::string_view section, Settings& s, const ParamOf<Settings> (&table)[N],
                  std::vector<Bound>& out) {
    for (const ParamOf<Settings>& p : table)
        out.push_back(
            {section, p.param, p.real ? &(s.*p.real) : nullptr, p.whole ? &(s.*p.whole) : nullptr});
}

std::vector<Bound> params(Patch& p) {
    std::vector<Bound> out;
    bind_section("pad", p.pad, pad_param::all, out);
    bind_section("lead", p.lead, lead_param::all, out);
    bind_section("percussion", p.percussion, percussion_param::all, out);
    bind_section("reverb", p.reverb, reverb_param::all, out);
    bind_section("delay", p.delay, delay_param::all, out);
    bind_section("chorus", p.chorus, chorus_param::all, out);
    bind_section("master", p.master, master_param::all, out);
    return out;
}

[[noreturn]] void refuse(const std::string& where, const std::string& why) {
    throw Error(ErrorKind::data, where + ": " + why, Place::of_field(where));
}

std::vector<std::string> section_names() {
    std::vector<std::string> names;
    for (const PatchParam& p : patch_params())
        if (names.empty() || names.back() != p.section) names.emplace_back(p.section);
    return names;
}

}  // namespace

const std::vector<PatchParam>& patch_params() {
    static const std::vector<PatchParam> all = [] {
        Patch p;
        std::vector<PatchParam> out;
        for (const Bound& b : params(p)) out.push_back({b.section, b.param});
        return out;
    }();
    return all;
}

const std::vector<std::string>& waveform_names() {
    static const std::vector<std::string> names = {"sine", "triangle", "saw", "square"};
    return names;
}

namespace {
// Each preset is what it changes from the defaults, in the patch file's own terms, so it
// is checked against the parameter table like any --patch file.
struct PresetDefinition {
    const char* name;
    const char* changes;
};
constexpr PresetDefinition presets[] = {
    // Warm detuned saw pads, a soft lead, a six-second hall: the defaults.
    {"drift", "{}"},
    // Bright and airy: triangle pads, open filter, bells forward, a long shimmering tail.
    {"glass", R"({
        "pad": {"waveform": "triangle", "unison": 2, "detune_cents": 6, "cutoff": 1800,
                "cutoff_span": 5000, "resonance": 0.8, "sub_level_db": -90},
        "lead": {"triangle": 0.2, "fm_ratio": 3, "fm_index": 1.1},
        "percussion": {"bell_db": -11, "bell_decay": 5},
        "reverb": {"decay": 9, "damping": 0.15, "size": 1.4, "mix": 0.4},
        "delay": {"beats": 1.5, "feedback": 0.45}})"},
    // Dark and close: square-ish pads low in the filter, a pure sine lead, a chorus, a
    // shorter room.
    {"deep", R"({
        "pad": {"waveform": "square", "unison": 2, "detune_cents": 12, "cutoff": 380,
                "cutoff_span": 1200, "resonance": 1.8, "sub_level_db": -10},
        "lead": {"triangle": 0, "fm_index": 0.3, "cutoff": 1800},
        "percussion": {"kick_db": -5, "bell_db": -19},
        "reverb": {"decay": 4, "damping": 0.6, "mix": 0.28},
        "chorus": {"mix": 0.5},
        "delay": {"beats": 0.5, "mix": 0.12}})"},
};
}  // namespace

std::vector<std::string> preset_names() {
    std::vector<std::string> names;
    for (const PresetDefinition& p : presets) names.emplace_back(p.name);
    return names;
}

Patch preset(const std::string& name) {
    for (const PresetDefinition& p : presets) {
        if (name != p.name) continue;
        Patch patch = patch_from_json(Json::parse(p.changes), Patch{});
        patch.name = name;
        return patch;
    }
    std::string known;
    for (const auto& n : preset_names()) known += (known.empty() ? "" : ", ") + n;
    throw Error(ErrorKind::usage, "unknown preset \"" + name + "\" (there are " + known + ")",
                Place::of_setting("preset", name));
}

Patch patch_from_json(const Json& j, Patch p) {
    if (!j.is_object()) throw Error(ErrorKind::data, "a patch is a JSON object of sections");
    const std::vector<Bound> table = params(p);
    for (auto section = j.begin(); section != j.end(); ++section) {
        const std::string& name = section.key();
        if (name == "name") {
            if (!section->is_string()) refuse("name", "expected a string");
            p.name = section->get<std::string>();
            continue;
        }
        if (!section->is_object()) refuse(name, "expected an object of parameters");
        const std::vector<std::string> sections = section_names();
        if (std::find(sections.begin(), sections.end(), name) == sections.end())
            throw Error(ErrorKind::data,
                        "unknown section \"" + name + "\" (" + spoken_list(sections, "or") + ")",
                        Place::of_field(name));
        for (auto it = section->begin(); it != section->end(); ++it) {
            const std::string where = name + "." + it.key();
            if (name == "pad" && it.key() == "waveform") {
                const auto& names = waveform_names();
                auto w = std::find(names.begin(), names.end(),
                                   it->is_string() ? it->get<std::string>() : "");
                if (w == names.end()) refuse(where, "expected " + spoken_list(names, "or"));
                p.pad.waveform = static_cast<Waveform>(w - names.begin());  // in enum order
                continue;
            }
            const Bound* match = nullptr;
            for (const Bound& b : table)
                if (name == b.section && it.key() == b.param->key) match = &b;
            if (!match)
                throw Error(ErrorKind::data, "unknown parameter " + where, Place::of_field(where));
            if (!it->is_number() || !std::isfinite(it->get<double>()) ||
                (match->param->integer && !it->is_number_integer()) ||
                !match->param->accepts(it->get<double>()))
                refuse(where, "expected " + match->param->expectation());
            match->set(it->get<double>());
        }
    }
    return p;
}

Json patch_to_json(const Patch& patch) {
    Patch copy = patch;
    Json j = Json::object();
    j["name"] = copy.name;
    for (const Bound& b : params(copy)) {
        Json& section = j[std::string(b.section)];
        if (b.whole)
            section[std::string(b.param->key)] = *b.whole;
        else
            section[std::string(b.param->key)] = *b.real;
    }
    j["pad"]["waveform"] = waveform_names()[static_cast<std::size_t>(copy.pad.waveform)];
    return j;
}

std::string patch_param_table() {
    std::ostringstream out;
    out << std::setprecision(6);
    for (const PatchParam& p : patch_params())
        out << p.section << '.' << p.param->key << '\t' << p.param->value << '\t' << p.param->min
            << '\t' << p.param->max << '\t' << p.param->unit << '\t' << p.param->help << '\n';
    const auto& waveforms = waveform_names();
    out << "pad.waveform\t" << waveforms[static_cast<std::size_t>(PadPatch{}.waveform)]
        << "\t\t\t\t" << spoken_list(waveforms, "or") << '\n';
    return out.str();
}

}  // namespace ambient
