#include "compose/melody_model.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "compose/pitch.hpp"
#include "core/error.hpp"

namespace ambient {

namespace {

// Contexts are packed in 32 bits: which table (3), then the fields it uses.
enum Table : std::uint32_t {
    intervals_alone,
    by_previous,       // previous pitch class, place in the bar
    by_chord,          // ... and the chord
    by_interval,       // ... and the key's third, and the interval before
    by_two_intervals,  // ... and the interval before that
    first_by_key,      // first notes: the key's third
    first_by_chord,    // ... and the chord
    table_count
};
constexpr int none_pc = 12;
constexpr int none_interval = model_intervals;

struct Fields {
    std::uint32_t table, previous, root, chord, metric, minor, interval, before;
};

std::uint32_t pack(const Fields& f) {
    return f.table << 29 | f.previous << 25 | f.root << 21 | f.chord << 19 | f.metric << 17 |
           f.minor << 16 | f.interval << 8 | f.before;
}

Fields unpack(std::uint32_t k) {
    return {k >> 29,     k >> 25 & 15, k >> 21 & 15, k >> 19 & 3,
            k >> 17 & 3, k >> 16 & 1,  k >> 8 & 255, k & 255};
}

bool valid(const Fields& f) {
    return f.table < table_count && f.previous <= none_pc && f.root <= none_pc && f.chord <= 3 &&
           f.metric <= 3 && f.interval <= none_interval && f.before <= none_interval;
}

int symbols_of(std::uint32_t table) {
    return table >= first_by_key ? 12 : model_intervals;
}

// The key of `table` for context `c`: each table keeps its own fields and zeroes the rest.
std::uint32_t key_of(Table table, const NoteContext& c) {
    Fields f{table, 0, 0, 0, 0, 0, 0, 0};
    const auto rel = [&](int pc) {
        return static_cast<std::uint32_t>(pitch_class(pc - c.tonic_pc));
    };
    const bool first = table >= first_by_key;
    if (!first && table >= by_previous) {
        f.previous = c.previous_pitch < 0 ? none_pc : rel(c.previous_pitch);
        f.metric = static_cast<std::uint32_t>(c.metric);
    }
    if (table >= by_chord && table != first_by_key) {
        f.root = c.chord_root_pc < 0 ? none_pc : rel(c.chord_root_pc);
        f.chord = static_cast<std::uint32_t>(c.chord);
    }
    if (table >= by_interval) f.minor = c.minor;
    if (table >= by_interval && !first)
        f.interval = c.notes_before >= 2 ? c.previous_interval + model_max_interval : none_interval;
    if (table == by_two_intervals)
        f.before = c.notes_before >= 3 ? c.interval_before + model_max_interval : none_interval;
    return pack(f);
}

constexpr char magic[8] = {'A', 'M', 'B', 'M', 'E', 'L', 'O', 'D'};

std::uint64_t fnv1a(std::string_view bytes) {
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char b : bytes) h = (h ^ b) * 1099511628211ull;
    return h;
}

void put32(std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out += static_cast<char>(v >> (8 * i) & 0xFF);
}
void put64(std::string& out, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) out += static_cast<char>(v >> (8 * i) & 0xFF);
}

// Reads little-endian fields, failing with what was being read and at which byte.
class Reader {
  public:
    Reader(std::string_view bytes, const std::string& where) : b_(bytes), where_(where) {}
    std::uint64_t get(int size, const char* what) {
        if (b_.size() - at_ < static_cast<std::size_t>(size))
            fail(std::string("the file ends inside ") + what);
        std::uint64_t v = 0;
        for (int i = 0; i < size; ++i)
            v |= std::uint64_t(static_cast<unsigned char>(b_[at_ + i])) << (8 * i);
        at_ += size;
        return v;
    }
    void skip(std::size_t size, const char* what) {
        if (b_.size() - at_ < size) fail(std::string("the file ends inside ") + what);
        at_ += size;
    }
    [[noreturn]] void fail(const std::string& what) const {
        throw Error(ErrorKind::data,
                    "not a usable melody model: " + what + " (at byte " + std::to_string(at_) + ")",
                    Place(where_));
    }
    std::size_t at() const { return at_; }

  private:
    std::string_view b_;
    const std::string& where_;
    std::size_t at_ = 0;
};

}  // namespace

int fold_interval(int semitones) {
    while (semitones > model_max_interval) semitones -= 12;
    while (semitones < -model_max_interval) semitones += 12;
    return semitones;
}

NoteContext context_of(const Tune& tune, std::size_t i) {
    NoteContext c;
    c.tonic_pc = tune.tonic_pc;
    c.minor = tune.minor;
    const TuneNote& n = tune.notes[i];
    c.metric = n.metric;
    c.notes_before = static_cast<int>(std::min<std::size_t>(i, 3));
    if (i >= 1) c.previous_pitch = tune.notes[i - 1].pitch;
    if (i >= 2)
        c.previous_interval = fold_interval(tune.notes[i - 1].pitch - tune.notes[i - 2].pitch);
    if (i >= 3)
        c.interval_before = fold_interval(tune.notes[i - 2].pitch - tune.notes[i - 3].pitch);
    if (const TuneChord* chord = tune.chord_at(n.beat)) {
        c.chord_root_pc = chord->root_pc;
        c.chord = chord->kind;
    }
    return c;
}

void MelodyModel::count(std::uint32_t key, int symbol) {
    Row& r = rows_[key];
    if (r.counts[symbol]++ == 0) ++r.distinct;
    ++r.total;
}

void MelodyModel::learn(const Tune& tune) {
    if (tune.notes.empty()) return;
    ++tunes_;
    for (std::size_t i = 0; i < tune.notes.size(); ++i) {
        const NoteContext c = context_of(tune, i);
        ++notes_;
        if (i == 0) {
            const int pc = pitch_class(tune.notes[0].pitch - tune.tonic_pc);
            for (Table t : {first_by_key, first_by_chord}) count(key_of(t, c), pc);
            continue;
        }
        const int symbol =
            fold_interval(tune.notes[i].pitch - c.previous_pitch) + model_max_interval;
        for (Table t : {intervals_alone, by_previous, by_chord, by_interval, by_two_intervals})
            count(key_of(t, c), symbol);
    }
}

// Witten-Bell: a context seen N times with T different outcomes keeps N/(N+kT) for what it
// saw and passes kT/(N+kT) to the shorter context's estimate. With k = 1, as published, a
// context seen a few times is trusted too much for melodies: k = 8 and a floor of 2 % for
// any interval gave the lowest held-out loss on the Nottingham tunes and on the openmsx
// MIDI files (scripts/bench-learn; 1.53 and 3.04 nats per note, against 1.67 and 3.72).
constexpr double escape_weight = 8;
constexpr double floor_share = 0.02;

template <std::size_t N>
void MelodyModel::smooth(std::array<double, N>& p, std::uint32_t key) const {
    auto it = rows_.find(key);
    if (it == rows_.end()) return;
    const Row& r = it->second;
    const double t = escape_weight * r.distinct, n = r.total;
    for (std::size_t x = 0; x < N; ++x) p[x] = (r.counts[x] + t * p[x]) / (n + t);
}

std::array<double, model_intervals> MelodyModel::next(const NoteContext& c) const {
    std::array<double, model_intervals> p;
    p.fill(1.0 / model_intervals);
    for (Table t : {intervals_alone, by_previous, by_chord, by_interval, by_two_intervals})
        smooth(p, key_of(t, c));
    for (double& x : p) x = (1 - floor_share) * x + floor_share / model_intervals;
    return p;
}

std::array<double, 12> MelodyModel::first(const NoteContext& c) const {
    std::array<double, 12> p;
    p.fill(1.0 / 12);
    for (Table t : {first_by_key, first_by_chord}) smooth(p, key_of(t, c));
    return p;
}

void MelodyModel::set_calibration(const std::array<float, model_intervals>& c) {
    for (int i = 0; i < model_intervals; ++i)
        calibration_[i] = static_cast<float>(std::clamp<double>(
            std::round(c[i] * 65536.0) / 65536.0, calibration_min, calibration_max));
}

// FILE FORMAT (little-endian): "AMBMELOD", version (u32), tunes (u32), notes (u64), rows
// (u32); each row: context (u32), entries (u8), each entry symbol (u8) and count (u32);
// 25 calibration factors (u32, in 1/65536); then FNV-1a 64 of everything before it (u64).
std::string MelodyModel::serialize() const {
    std::vector<std::uint32_t> keys;
    for (const auto& [key, row] : rows_) keys.push_back(key);
    std::sort(keys.begin(), keys.end());  // the same model gives the same bytes
    std::string out(magic, sizeof magic);
    put32(out, format_version);
    put32(out, tunes_);
    put64(out, notes_);
    put32(out, static_cast<std::uint32_t>(keys.size()));
    for (std::uint32_t key : keys) {
        const Row& r = rows_.at(key);
        put32(out, key);
        out += static_cast<char>(r.distinct);
        for (int s = 0; s < model_intervals; ++s)
            if (r.counts[s]) {
                out += static_cast<char>(s);
                put32(out, r.counts[s]);
            }
    }
    for (float f : calibration_) put32(out, static_cast<std::uint32_t>(std::lround(f * 65536.0)));
    put64(out, fnv1a(out));
    return out;
}

MelodyModel MelodyModel::parse(std::string_view bytes, const std::string& where) {
    Reader in(bytes, where);
    if (bytes.size() < sizeof magic || std::memcmp(bytes.data(), magic, sizeof magic) != 0)
        in.fail("it does not begin with AMBMELOD (is it a model ambient-learn wrote?)");
    in.skip(sizeof magic, "the magic");
    const auto version = in.get(4, "the version");
    if (version != format_version)
        in.fail("format version " + std::to_string(version) + ", this program reads " +
                std::to_string(format_version));
    if (bytes.size() < 8 + 8) in.fail("the file ends inside the header");
    const std::uint64_t sum = fnv1a(bytes.substr(0, bytes.size() - 8));
    std::uint64_t stored = 0;
    for (int i = 0; i < 8; ++i)
        stored |= std::uint64_t(static_cast<unsigned char>(bytes[bytes.size() - 8 + i])) << (8 * i);
    if (sum != stored) in.fail("its checksum does not match (truncated or damaged)");
    Reader body(bytes.substr(0, bytes.size() - 8), where);
    body.skip(sizeof magic + 4, "the header");
    MelodyModel m;
    m.tunes_ = static_cast<std::uint32_t>(body.get(4, "the tune count"));
    m.notes_ = body.get(8, "the note count");
    const auto rows = body.get(4, "the row count");
    for (std::uint64_t i = 0; i < rows; ++i) {
        const auto key = static_cast<std::uint32_t>(body.get(4, "a context"));
        const Fields f = unpack(key);
        if (!valid(f)) body.fail("context " + std::to_string(key) + " is out of range");
        if (m.rows_.count(key)) body.fail("context " + std::to_string(key) + " comes twice");
        Row& r = m.rows_[key];
        const int entries = static_cast<int>(body.get(1, "a row's length"));
        if (entries == 0 || entries > symbols_of(f.table))
            body.fail("a row's length is out of range");
        std::uint64_t total = 0;
        for (int e = 0; e < entries; ++e) {
            const auto s = body.get(1, "a symbol");
            const auto n = body.get(4, "a count");
            if (s >= static_cast<std::uint64_t>(symbols_of(f.table)) || r.counts[s] || n == 0)
                body.fail("a row's entry is out of range or repeated");
            r.counts[s] = static_cast<std::uint32_t>(n);
            total += n;
        }
        if (total > 0xFFFFFFFFull) body.fail("a row's counts overflow");
        r.total = static_cast<std::uint32_t>(total);
        r.distinct = static_cast<std::uint32_t>(entries);
    }
    for (float& f : m.calibration_) {
        const auto fixed = body.get(4, "a calibration factor");
        if (fixed < calibration_min * 65536 || fixed > calibration_max * 65536)
            body.fail("a calibration factor is out of range");
        f = static_cast<float>(fixed / 65536.0);
    }
    if (body.at() != bytes.size() - 8) body.fail("bytes follow the calibration");
    return m;
}

void CountModel::learn(const Tune& tune) {
    for (std::size_t i = 1; i < tune.notes.size(); ++i) {
        const NoteContext c = context_of(tune, i);
        auto& row = rows_[key_of(by_chord, c)];
        ++row[fold_interval(tune.notes[i].pitch - c.previous_pitch) + model_max_interval];
        ++row[model_intervals];
    }
}

std::array<double, model_intervals> CountModel::next(const NoteContext& c) const {
    std::array<double, model_intervals> p;
    auto it = rows_.find(key_of(by_chord, c));
    for (int x = 0; x < model_intervals; ++x)
        p[x] = it == rows_.end()
                   ? 1.0 / model_intervals
                   : (it->second[x] + 1.0) / (it->second[model_intervals] + model_intervals);
    return p;
}

}  // namespace ambient
