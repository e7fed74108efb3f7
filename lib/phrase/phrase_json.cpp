#include "phrase/phrase_json.hpp"

#include <cmath>
#include <limits>
#include <set>

#include "compose/harmony.hpp"
#include "phrase/json_file.hpp"

namespace ambient {

namespace {

[[noreturn]] void fail(const std::string& field, const std::string& why) {
    throw PhraseFormatError(field + ": " + why);
}

// Reads the known fields of one JSON object; what is left over becomes `extra`.
class ObjectReader {
  public:
    ObjectReader(const Json& j, std::string path) : j_(j), path_(std::move(path)) {
        if (!j_.is_object()) fail(path_.empty() ? "phrase" : path_, "expected a JSON object");
    }

    std::string field(const char* name) const { return path_.empty() ? name : path_ + "." + name; }

    const Json* find(const char* name) {
        seen_.insert(name);
        auto it = j_.find(name);
        return it == j_.end() ? nullptr : &*it;
    }
    const Json& require(const char* name) {
        const Json* v = find(name);
        if (!v) fail(field(name), "missing");
        return *v;
    }

    double number(const char* name, double lo, double hi, std::optional<double> fallback = {}) {
        const Json* v = fallback ? find(name) : &require(name);
        if (!v) return *fallback;
        if (!v->is_number()) fail(field(name), "expected a number");
        double x = v->get<double>();
        if (!std::isfinite(x) || x < lo || x > hi)
            fail(field(name), "out of range [" + trim(lo) + ", " + trim(hi) + "]");
        return x;
    }
    long long integer(const char* name, long long lo, long long hi,
                      std::optional<long long> fallback = {}) {
        const Json* v = fallback ? find(name) : &require(name);
        if (!v) return *fallback;
        if (!v->is_number_integer()) fail(field(name), "expected an integer");
        if (v->is_number_unsigned() && v->get<std::uint64_t>() > static_cast<std::uint64_t>(hi))
            fail(field(name),
                 "out of range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
        long long x = v->get<long long>();
        if (x < lo || x > hi)
            fail(field(name),
                 "out of range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
        return x;
    }
    std::uint64_t unsigned64(const char* name, std::uint64_t fallback) {
        const Json* v = find(name);
        if (!v) return fallback;
        if (!v->is_number_unsigned()) fail(field(name), "expected a non-negative integer");
        return v->get<std::uint64_t>();
    }
    std::string string(const char* name, std::optional<std::string> fallback = {}) {
        const Json* v = fallback ? find(name) : &require(name);
        if (!v) return *fallback;
        if (!v->is_string()) fail(field(name), "expected a string");
        return v->get<std::string>();
    }
    const Json& array(const char* name, bool required) {
        static const Json empty = Json::array();
        const Json* v = required ? &require(name) : find(name);
        if (!v) return empty;
        if (!v->is_array()) fail(field(name), "expected an array");
        return *v;
    }

    Json leftovers() const {
        Json extra = Json::object();
        for (auto it = j_.begin(); it != j_.end(); ++it)
            if (!seen_.count(it.key())) extra[it.key()] = it.value();
        return extra;
    }

  private:
    static std::string trim(double x) {
        Json j = x;
        if (x == std::floor(x) && std::fabs(x) < 1e15) j = static_cast<long long>(x);
        return j.dump();
    }

    const Json& j_;
    std::string path_;
    std::set<std::string, std::less<>> seen_;
};

std::string item(const std::string& array, std::size_t i) {
    return array + "[" + std::to_string(i) + "]";
}

constexpr double max_beats = 1e6;

ChordEvent chord_from_json(const Json& j, const std::string& path) {
    ObjectReader r(j, path);
    ChordEvent c;
    c.bar = static_cast<int>(r.integer("bar", 0, 1 << 20));
    c.beat = r.number("beat", 0.0, max_beats);
    c.beats = r.number("beats", 1e-6, max_beats);
    c.degree = r.string("degree");
    c.colour = r.string("colour", std::string());
    c.root = static_cast<int>(r.integer("root", 0, 127));
    const Json& pitches = r.array("pitches", true);
    if (pitches.empty()) fail(r.field("pitches"), "expected at least one pitch");
    for (std::size_t i = 0; i < pitches.size(); ++i) {
        const Json& p = pitches[i];
        if (!p.is_number_integer() || p.get<long long>() < 0 || p.get<long long>() > 127)
            fail(item(r.field("pitches"), i), "expected a MIDI note 0..127");
        c.pitches.push_back(p.get<int>());
    }
    c.extra = r.leftovers();
    return c;
}

// Where an event starts and how long it lasts, in beats: melody notes and percussion alike.
template <typename Event>
Event timed_from_json(ObjectReader& r) {
    Event e;
    e.beat = r.number("beat", 0.0, max_beats);
    e.dur = r.number("dur", 1e-6, max_beats);
    return e;
}

MelodyNote note_from_json(const Json& j, const std::string& path) {
    ObjectReader r(j, path);
    MelodyNote n = timed_from_json<MelodyNote>(r);
    n.pitch = static_cast<int>(r.integer("pitch", 0, 127));
    n.vel = r.number("vel", 0.0, 1.0);
    n.extra = r.leftovers();
    return n;
}

PercussionEvent percussion_from_json(const Json& j, const std::string& path) {
    ObjectReader r(j, path);
    PercussionEvent e = timed_from_json<PercussionEvent>(r);
    std::string kind = r.string("kind");
    if (kind.empty()) fail(r.field("kind"), "must not be empty");
    if (auto known = parse_percussion_kind(kind))
        e.kind = *known;
    else
        e.kind = PercussionKind::other, e.other_kind = kind;  // a newer stage's: kept
    e.vel = r.number("vel", 0.0, 1.0);
    if (r.find("pitch")) e.pitch = static_cast<int>(r.integer("pitch", 0, 127));
    e.extra = r.leftovers();
    return e;
}

template <typename T, typename F>
std::vector<T> list_from_json(const Json& array, const std::string& name, F from_json) {
    std::vector<T> out;
    out.reserve(array.size());
    for (std::size_t i = 0; i < array.size(); ++i)
        out.push_back(from_json(array[i], item(name, i)));
    return out;
}

// A number as JSON: whole numbers without a fraction (bpm 70, not 70.0).
Json whole_or_real(double x) {
    if (x == std::floor(x) && std::fabs(x) < 1e15) return static_cast<long long>(x);
    return x;
}

void append_extra(Json& out, const Json& extra) {
    for (auto it = extra.begin(); it != extra.end(); ++it) out[it.key()] = it.value();
}

}  // namespace

Phrase phrase_from_json(const Json& j) {
    ObjectReader r(j, "");
    Phrase p;
    p.v = static_cast<int>(r.integer("v", 1, std::numeric_limits<int>::max()));
    if (p.v != phrase_format_version)
        fail("v", "unsupported phrase format version " + std::to_string(p.v) +
                      " (this tool reads " + std::to_string(phrase_format_version) + ")");
    p.seq = r.unsigned64("seq", 0);
    if (!r.find("seq")) fail("seq", "missing");
    p.seed = r.unsigned64("seed", 0);
    if (p.seed > max_seed) fail("seed", "out of range [0, " + std::to_string(max_seed) + "]");
    p.key = r.string("key");
    p.mode = r.string("mode");
    p.tonic = static_cast<int>(r.integer("tonic", 0, 127));
    p.bpm = r.number("bpm", 1.0, 1000.0);
    const Json& meter = r.array("meter", false);
    if (!meter.empty()) {
        if (meter.size() != 2 || !meter[0].is_number_integer() || !meter[1].is_number_integer())
            fail("meter", "expected [beats, unit], e.g. [4,4]");
        p.meter = {meter[0].get<int>(), meter[1].get<int>()};
        if (p.meter.beats < 1 || p.meter.beats > 32) fail("meter", "beats per bar must be 1..32");
        int u = p.meter.unit;
        if (u != 1 && u != 2 && u != 4 && u != 8 && u != 16)
            fail("meter", "unit must be 1, 2, 4, 8 or 16");
    }
    p.bars = static_cast<int>(r.integer("bars", 1, 4096));
    p.intensity = r.number("intensity", 0.0, 1.0, 0.5);
    if (r.find("scene")) p.scene = r.string("scene");
    if (r.find("preset")) p.preset = r.string("preset");
    if (r.find("preset_glide")) p.preset_glide = r.number("preset_glide", 0.0, max_beats);
    if (r.find("density")) p.density = r.number("density", 0.0, 4.0);
    if (r.find("control_version")) p.control_version = r.unsigned64("control_version", 0);
    if (const Json* end = r.find("end")) {
        if (!end->is_boolean()) fail("end", "expected true or false");
        p.end = end->get<bool>();
    }
    p.chords = list_from_json<ChordEvent>(r.array("chords", true), "chords", chord_from_json);
    p.melody = list_from_json<MelodyNote>(r.array("melody", false), "melody", note_from_json);
    p.percussion = list_from_json<PercussionEvent>(r.array("percussion", false), "percussion",
                                                   percussion_from_json);
    if (p.chords.empty()) fail("chords", "expected at least one chord");
    p.extra = r.leftovers();
    phrase_key(p);  // key, mode and tonic agree: the check every reader makes, not only melody
    return p;
}

Json phrase_to_json(const Phrase& p) {
    Json j = Json::object();
    j["v"] = p.v;
    j["seq"] = p.seq;
    j["seed"] = p.seed;
    j["key"] = p.key;
    j["mode"] = p.mode;
    j["tonic"] = p.tonic;
    j["bpm"] = whole_or_real(p.bpm);
    j["meter"] = Json::array({p.meter.beats, p.meter.unit});
    j["bars"] = p.bars;
    j["intensity"] = p.intensity;
    if (p.scene) j["scene"] = *p.scene;
    if (p.preset) j["preset"] = *p.preset;
    if (p.preset_glide) j["preset_glide"] = whole_or_real(*p.preset_glide);
    if (p.density) j["density"] = *p.density;
    if (p.control_version) j["control_version"] = *p.control_version;
    if (p.end) j["end"] = true;
    Json chords = Json::array();
    for (const ChordEvent& c : p.chords) {
        Json cj = {{"bar", c.bar}, {"beat", c.beat}, {"beats", c.beats}, {"degree", c.degree}};
        if (!c.colour.empty()) cj["colour"] = c.colour;
        cj["root"] = c.root;
        cj["pitches"] = c.pitches;
        append_extra(cj, c.extra);
        chords.push_back(std::move(cj));
    }
    j["chords"] = std::move(chords);
    Json melody = Json::array();
    for (const MelodyNote& n : p.melody) {
        Json nj = {{"beat", n.beat}, {"dur", n.dur}, {"pitch", n.pitch}, {"vel", n.vel}};
        append_extra(nj, n.extra);
        melody.push_back(std::move(nj));
    }
    j["melody"] = std::move(melody);
    Json percussion = Json::array();
    for (const PercussionEvent& e : p.percussion) {
        Json ej = {
            {"beat", e.beat},
            {"dur", e.dur},
            {"kind", e.kind == PercussionKind::other ? e.other_kind
                                                     : std::string(percussion_kind_name(e.kind))},
            {"vel", e.vel}};
        if (e.pitch) ej["pitch"] = *e.pitch;
        append_extra(ej, e.extra);
        percussion.push_back(std::move(ej));
    }
    j["percussion"] = std::move(percussion);
    append_extra(j, p.extra);
    return j;
}

Phrase parse_phrase_line(std::string_view line) {
    if (json_too_deep(line)) throw PhraseFormatError(json_too_deep_message());
    Json j = Json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) {
        // Parse again with exceptions for the parser's own account of where it broke (a
        // syntax error, or a number too large for a double).
        try {
            j = Json::parse(line);
        } catch (const Json::exception& e) {
            throw PhraseFormatError("not valid JSON: " + json_parse_message(e));
        }
    }
    return phrase_from_json(j);
}

std::string format_phrase_line(const Phrase& p) {
    std::string line = phrase_to_json(p).dump(-1, ' ', false, Json::error_handler_t::replace);
    line += '\n';
    return line;
}

}  // namespace ambient
