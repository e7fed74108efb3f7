#include "synth/patch.hpp"

#include <cmath>
#include <iomanip>
#include <sstream>
#include <stdexcept>

namespace ambient {

namespace {

// One numeric parameter: where it lives in a Patch and the range it accepts.
struct Param {
    const char* section;
    const char* key;
    float* value;
    float lo, hi;
};

std::vector<Param> params(Patch& p) {
    PadPatch& pad = p.pad;
    LeadPatch& lead = p.lead;
    PercussionPatch& perc = p.percussion;
    return {
        {"pad", "level_db", &pad.level_db, -90, 12},
        {"pad", "detune_cents", &pad.detune_cents, 0, 50},
        {"pad", "attack", &pad.attack, 0.001f, 30},
        {"pad", "decay", &pad.decay, 0.001f, 30},
        {"pad", "sustain", &pad.sustain, 0, 1},
        {"pad", "release", &pad.release, 0.01f, 30},
        {"pad", "cutoff", &pad.cutoff, 20, 20000},
        {"pad", "cutoff_span", &pad.cutoff_span, 0, 20000},
        {"pad", "resonance", &pad.resonance, 0.5f, 10},
        {"pad", "lfo_rate", &pad.lfo_rate, 0, 10},
        {"pad", "lfo_depth", &pad.lfo_depth, 0, 4},
        {"pad", "spread", &pad.spread, 0, 1},
        {"pad", "sub_level_db", &pad.sub_level_db, -90, 12},
        {"pad", "reverb_send", &pad.reverb_send, 0, 1},
        {"lead", "level_db", &lead.level_db, -90, 12},
        {"lead", "triangle", &lead.triangle, 0, 1},
        {"lead", "fm_ratio", &lead.fm_ratio, 0.25f, 16},
        {"lead", "fm_index", &lead.fm_index, 0, 10},
        {"lead", "attack", &lead.attack, 0.001f, 30},
        {"lead", "decay", &lead.decay, 0.001f, 30},
        {"lead", "sustain", &lead.sustain, 0, 1},
        {"lead", "release", &lead.release, 0.01f, 30},
        {"lead", "vibrato_rate", &lead.vibrato_rate, 0, 20},
        {"lead", "vibrato_cents", &lead.vibrato_cents, 0, 100},
        {"lead", "vibrato_delay", &lead.vibrato_delay, 0, 10},
        {"lead", "glide", &lead.glide, 0, 2},
        {"lead", "cutoff", &lead.cutoff, 100, 20000},
        {"lead", "reverb_send", &lead.reverb_send, 0, 1},
        {"lead", "delay_send", &lead.delay_send, 0, 1},
        {"percussion", "kick_db", &perc.kick_db, -90, 12},
        {"percussion", "kick_start_hz", &perc.kick_start_hz, 20, 1000},
        {"percussion", "kick_end_hz", &perc.kick_end_hz, 20, 1000},
        {"percussion", "kick_sweep", &perc.kick_sweep, 0.001f, 2},
        {"percussion", "kick_decay", &perc.kick_decay, 0.01f, 5},
        {"percussion", "bell_db", &perc.bell_db, -90, 12},
        {"percussion", "bell_ratio", &perc.bell_ratio, 0.25f, 16},
        {"percussion", "bell_index", &perc.bell_index, 0, 10},
        {"percussion", "bell_decay", &perc.bell_decay, 0.05f, 20},
        {"percussion", "swell_db", &perc.swell_db, -90, 12},
        {"percussion", "swell_q", &perc.swell_q, 0.5f, 10},
        {"percussion", "noise_db", &perc.noise_db, -90, 12},
        {"percussion", "noise_cutoff", &perc.noise_cutoff, 20, 20000},
        {"percussion", "tick_db", &perc.tick_db, -90, 12},
        {"percussion", "reverb_send", &perc.reverb_send, 0, 1},
        {"percussion", "delay_send", &perc.delay_send, 0, 1},
        {"reverb", "decay", &p.reverb.decay, 0.3f, 30},
        {"reverb", "size", &p.reverb.size, 0.3f, 2},
        {"reverb", "damping", &p.reverb.damping, 0, 1},
        {"reverb", "predelay_ms", &p.reverb.predelay_ms, 0, 200},
        {"reverb", "mix", &p.reverb.mix, 0, 1},
        {"delay", "beats", &p.delay.beats, 0.0625f, 4},
        {"delay", "feedback", &p.delay.feedback, 0, 0.95f},
        {"delay", "damping", &p.delay.damping, 0, 1},
        {"delay", "mix", &p.delay.mix, 0, 1},
        {"chorus", "mix", &p.chorus.mix, 0, 1},
        {"chorus", "rate", &p.chorus.rate, 0.01f, 5},
        {"chorus", "depth_ms", &p.chorus.depth_ms, 0, 10},
        {"master", "gain_db", &p.master.gain_db, -40, 40},
        {"master", "loudness", &p.master.loudness, -40, -6},
        {"master", "true_peak", &p.master.true_peak, -12, 0},
    };
}

std::string waveform_name(Waveform w) {
    switch (w) {
        case Waveform::sine:
            return "sine";
        case Waveform::triangle:
            return "triangle";
        case Waveform::saw:
            return "saw";
        case Waveform::square:
            return "square";
    }
    return "saw";
}

std::string trimmed(float x) {
    std::ostringstream out;
    out << std::setprecision(6) << x;  // 0.3, not 0.30000001192092896
    return out.str();
}

}  // namespace

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
    throw std::invalid_argument("unknown preset \"" + name + "\" (there are " + known + ")");
}

Patch patch_from_json(const Json& j, Patch p) {
    if (!j.is_object()) throw std::invalid_argument("a patch is a JSON object of sections");
    auto table = params(p);
    for (auto section = j.begin(); section != j.end(); ++section) {
        const std::string& name = section.key();
        if (name == "name") {
            if (!section->is_string()) throw std::invalid_argument("name: expected a string");
            p.name = section->get<std::string>();
            continue;
        }
        if (!section->is_object())
            throw std::invalid_argument(name + ": expected an object of parameters");
        bool known_section = false;
        for (const Param& q : table) known_section |= name == q.section;
        if (!known_section)
            throw std::invalid_argument(
                "unknown section \"" + name +
                "\" (pad, lead, percussion, reverb, delay, chorus, master)");
        for (auto it = section->begin(); it != section->end(); ++it) {
            std::string where = name + "." + it.key();
            if (name == "pad" && it.key() == "waveform") {
                std::string w = it->is_string() ? it->get<std::string>() : "";
                if (w == "sine")
                    p.pad.waveform = Waveform::sine;
                else if (w == "triangle")
                    p.pad.waveform = Waveform::triangle;
                else if (w == "saw")
                    p.pad.waveform = Waveform::saw;
                else if (w == "square")
                    p.pad.waveform = Waveform::square;
                else
                    throw std::invalid_argument(where + ": expected sine, triangle, saw or square");
                continue;
            }
            if ((name == "pad" && it.key() == "unison") ||
                (name == "master" && it.key() == "polyphony")) {
                int lo = name == "pad" ? 1 : 1, hi = name == "pad" ? 4 : 128;
                if (!it->is_number_integer() || it->get<int>() < lo || it->get<int>() > hi)
                    throw std::invalid_argument(where + ": expected an integer from " +
                                                std::to_string(lo) + " to " + std::to_string(hi));
                (name == "pad" ? p.pad.unison : p.master.polyphony) = it->get<int>();
                continue;
            }
            const Param* match = nullptr;
            for (const Param& q : table)
                if (name == q.section && it.key() == q.key) match = &q;
            if (!match) throw std::invalid_argument("unknown parameter " + where);
            if (!it->is_number() || !std::isfinite(it->get<double>()) ||
                it->get<float>() < match->lo || it->get<float>() > match->hi)
                throw std::invalid_argument(where + ": expected a number from " +
                                            trimmed(match->lo) + " to " + trimmed(match->hi));
            *match->value = it->get<float>();
        }
    }
    return p;
}

Json patch_to_json(const Patch& patch) {
    Patch copy = patch;
    Json j = Json::object();
    j["name"] = copy.name;
    for (const Param& q : params(copy)) {
        if (!j.contains(q.section)) j[q.section] = Json::object();
        j[q.section][q.key] = *q.value;
    }
    j["pad"]["waveform"] = waveform_name(copy.pad.waveform);
    j["pad"]["unison"] = copy.pad.unison;
    j["master"]["polyphony"] = copy.master.polyphony;
    return j;
}

}  // namespace ambient
