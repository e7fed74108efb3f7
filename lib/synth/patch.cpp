#include "synth/patch.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>
#include <stdexcept>

#include "compose/timbres.hpp"
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
        "delay": {"beats": 1.5, "feedback": 0.45},
        "master": {"gain_db": -0.6}})"},
    // Dark and close: square-ish pads low in the filter over a strong sub, a pure sine
    // lead, a chorus, a shorter room.
    {"deep", R"({
        "pad": {"waveform": "square", "unison": 2, "detune_cents": 12, "cutoff": 380,
                "cutoff_span": 1200, "resonance": 1.8, "sub_level_db": -7},
        "lead": {"triangle": 0, "fm_index": 0.3, "cutoff": 1800},
        "percussion": {"kick_db": -5, "bell_db": -19},
        "reverb": {"decay": 4, "damping": 0.6, "mix": 0.28},
        "chorus": {"mix": 0.5},
        "delay": {"beats": 0.5, "mix": 0.12},
        "master": {"gain_db": -1.4}})"},
    // Bowed drones: saws that swell in slowly and hold, a resonant filter moving faster, a
    // singing vibrato on the lead.
    {"bowed", R"({
        "pad": {"unison": 2, "detune_cents": 5, "attack": 1.8, "decay": 3, "sustain": 0.9,
                "release": 3, "cutoff": 520, "cutoff_span": 2200, "resonance": 2.6,
                "lfo_rate": 0.45, "lfo_depth": 0.35, "sub_level_db": -18},
        "lead": {"triangle": 0.9, "fm_index": 0.4, "attack": 0.5, "vibrato_cents": 18,
                 "vibrato_delay": 0.4, "vibrato_rate": 5.2},
        "reverb": {"decay": 5, "mix": 0.3},
        "delay": {"mix": 0.1},
        "master": {"gain_db": -0.6}})"},
    // Soft keys: plucked triangle notes that fall to a low sustain, an FM lead
    // bell-like as an electric piano, a small room.
    {"keys", R"({
        "pad": {"waveform": "triangle", "unison": 2, "detune_cents": 4, "level_db": 5, "attack": 0.008,
                "decay": 1.8, "sustain": 0.15, "release": 1.2, "cutoff": 1400,
                "cutoff_span": 3000, "resonance": 0.8, "lfo_depth": 0.15, "sub_level_db": -24},
        "lead": {"level_db": 4, "triangle": 0.1, "fm_ratio": 2, "fm_index": 1.3, "attack": 0.005, "decay": 1,
                 "sustain": 0.2, "release": 0.8, "vibrato_cents": 0},
        "percussion": {"bell_db": -18},
        "reverb": {"decay": 2.5, "size": 0.7, "mix": 0.22},
        "delay": {"mix": 0.12}})"},
    // Choir-like: wide detuned saws through "ah" formants, a breathy vibrato lead, a wide hall.
    {"choir", R"({
        "pad": {"unison": 3, "detune_cents": 14, "attack": 1.5, "release": 3.5, "cutoff": 1500,
                "cutoff_span": 2500, "resonance": 0.7, "formant": 0.85, "vowel": 0.2,
                "spread": 1, "sub_level_db": -22},
        "lead": {"triangle": 1, "fm_index": 0.2, "vibrato_cents": 20, "vibrato_rate": 5.2},
        "reverb": {"decay": 8, "size": 1.5, "mix": 0.38},
        "chorus": {"mix": 0.3},
        "master": {"gain_db": 2.9}})"},
    // Airy noise: breath and wind (the noise bed and swells forward) over thin sine pads,
    // long echoes far back.
    {"air", R"({
        "pad": {"waveform": "sine", "unison": 2, "detune_cents": 3, "level_db": -12,
                "attack": 3, "release": 5, "cutoff": 3000, "cutoff_span": 2000,
                "sub_level_db": -90},
        "lead": {"triangle": 0.8, "level_db": -10, "fm_index": 0.3, "delay_send": 0.5},
        "percussion": {"noise_db": -21, "noise_cutoff": 7000, "swell_db": -14, "tick_db": -24},
        "reverb": {"decay": 10, "damping": 0.1, "mix": 0.42},
        "delay": {"beats": 1.5, "feedback": 0.55, "mix": 0.25},
        "master": {"gain_db": -0.1}})"},
    // Haze: four-voice triangle pads that breathe in and out under a slow, deep chorus,
    // the lead far away in a huge tail.
    {"haze", R"({
        "pad": {"waveform": "triangle", "unison": 4, "detune_cents": 7, "attack": 4,
                "release": 6, "cutoff": 900, "cutoff_span": 1500, "lfo_rate": 0.03,
                "lfo_depth": 0.8},
        "lead": {"level_db": -13, "triangle": 1, "reverb_send": 0.8},
        "reverb": {"decay": 14, "size": 1.8, "predelay_ms": 60, "mix": 0.45},
        "chorus": {"mix": 0.6, "rate": 0.12, "depth_ms": 4},
        "master": {"gain_db": 0.5}})"},
};
}  // namespace

std::vector<std::string> preset_names() {
    return timbre_names();
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

PatchMorph::PatchMorph(const Patch& from, const Patch& to) : from_(from), to_(to), now_(from) {
    Patch a = from, b = to;
    const std::vector<Bound> x = params(a), y = params(b), z = params(now_);
    for (std::size_t i = 0; i < z.size(); ++i) {
        if (z[i].real) {
            const float p = *x[i].real, q = *y[i].real;
            if (p != q)
                steps_.push_back(
                    {z[i].real, nullptr, p, q, z[i].param->unit == "Hz" && p > 0 && q > 0});
        } else if (*x[i].whole != *y[i].whole) {
            steps_.push_back({nullptr, z[i].whole, float(*x[i].whole), float(*y[i].whole), false});
        }
    }
}

const Patch& PatchMorph::at(float t) {
    t = std::clamp(t, 0.0f, 1.0f);
    for (const Step& s : steps_) {
        if (s.whole)
            *s.whole = static_cast<int>(t < 0.5f ? s.from : s.to);
        else if (t <= 0.0f || t >= 1.0f)
            *s.real = t <= 0.0f ? s.from : s.to;  // exactly the ends
        else if (s.even_in_pitch)
            *s.real = s.from * std::pow(s.to / s.from, t);
        else
            *s.real = s.from + (s.to - s.from) * t;
    }
    const Patch& side = t < 0.5f ? from_ : to_;
    now_.pad.waveform = side.pad.waveform;
    if (now_.name != side.name) now_.name = side.name;
    return now_;
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
