#include "synth/patch.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/error.hpp"

namespace ambient {

namespace {

// A parameter bound to its place in one Patch.
struct Bound {
    std::string_view section;
    const Param* param;
    float* real;
    int* whole;
    double get() const { return real ? double(*real) : double(*whole); }
    void set(double x) const {
        if (real)
            *real = static_cast<float>(x);
        else
            *whole = static_cast<int>(x);
    }
};

template <typename Settings, std::size_t N>
void bind_section(std::string_view section, Settings& s,
                  const std::array<ParamOf<Settings>, N>& table, std::vector<Bound>& out) {
    for (const ParamOf<Settings>& p : table)
        out.push_back(
            {section, p.param, p.real ? &(s.*p.real) : nullptr, p.whole ? &(s.*p.whole) : nullptr});
}

std::vector<Bound> params(Patch& p) {
    std::vector<Bound> out;
    bind_section("pad", p.pad, pad_params, out);
    bind_section("lead", p.lead, lead_params, out);
    bind_section("percussion", p.percussion, percussion_params, out);
    bind_section("reverb", p.reverb, reverb_params, out);
    bind_section("delay", p.delay, delay_params, out);
    bind_section("chorus", p.chorus, chorus_params, out);
    bind_section("master", p.master, master_params, out);
    return out;
}

[[noreturn]] void refuse(const std::string& where, const std::string& why) {
    throw Error(ErrorKind::data, where + ": " + why, Place::of_field(where));
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

std::vector<std::string> preset_names() {
    return {"drift", "glass", "deep"};
}

Patch preset(const std::string& name) {
    Patch p;  // drift: warm detuned saw pads, a soft lead, a six-second hall
    p.name = name;
    if (name == "drift") return p;
    if (name == "glass") {
        // Bright and airy: triangle pads, open filter, bells forward, a long shimmering tail.
        p.pad.waveform = Waveform::triangle;
        p.pad.unison = 2;
        p.pad.detune_cents = 6.0f;
        p.pad.cutoff = 1800.0f;
        p.pad.cutoff_span = 5000.0f;
        p.pad.resonance = 0.8f;
        p.pad.sub_level_db = -90.0f;
        p.lead.triangle = 0.2f;
        p.lead.fm_ratio = 3.0f;
        p.lead.fm_index = 1.1f;
        p.percussion.bell_db = -11.0f;
        p.percussion.bell_decay = 5.0f;
        p.reverb.decay = 9.0f;
        p.reverb.damping = 0.15f;
        p.reverb.size = 1.4f;
        p.reverb.mix = 0.4f;
        p.delay.beats = 1.5f;
        p.delay.feedback = 0.45f;
        return p;
    }
    if (name == "deep") {
        // Dark and close: square-ish pads low in the filter, a pure sine lead, a chorus, a shorter
        // room.
        p.pad.waveform = Waveform::square;
        p.pad.unison = 2;
        p.pad.detune_cents = 12.0f;
        p.pad.cutoff = 380.0f;
        p.pad.cutoff_span = 1200.0f;
        p.pad.resonance = 1.8f;
        p.pad.sub_level_db = -10.0f;
        p.lead.triangle = 0.0f;
        p.lead.fm_index = 0.3f;
        p.lead.cutoff = 1800.0f;
        p.percussion.kick_db = -5.0f;
        p.percussion.bell_db = -19.0f;
        p.reverb.decay = 4.0f;
        p.reverb.damping = 0.6f;
        p.reverb.mix = 0.28f;
        p.chorus.mix = 0.5f;
        p.delay.beats = 0.5f;
        p.delay.mix = 0.12f;
        return p;
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
        bool known_section = false;
        for (const Bound& b : table) known_section |= name == b.section;
        if (!known_section)
            throw Error(ErrorKind::data,
                        "unknown section \"" + name +
                            "\" (pad, lead, percussion, reverb, delay, chorus, master)",
                        Place::of_field(name));
        for (auto it = section->begin(); it != section->end(); ++it) {
            const std::string where = name + "." + it.key();
            if (name == "pad" && it.key() == "waveform") {
                const auto& names = waveform_names();
                auto w = std::find(names.begin(), names.end(),
                                   it->is_string() ? it->get<std::string>() : "");
                if (w == names.end()) refuse(where, "expected sine, triangle, saw or square");
                p.pad.waveform = static_cast<Waveform>(w - names.begin());
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

}  // namespace ambient
