#include "learn/abc_reader.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <optional>

#include "compose/mode.hpp"
#include "compose/pitch.hpp"

namespace ambient {

namespace {

constexpr std::array<int, 7> letter_pc = {9, 11, 0, 2, 4, 5, 7};  // A B C D E F G

int letter_index(char c) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return c >= 'A' && c <= 'G' ? c - 'A' : -1;
}

struct AbcKey {
    int tonic_pc = 0;
    Mode mode = Mode::ionian;
    std::array<int, 7> alteration{};  // per letter A..G, in semitones
};

// "G", "Am", "F#dor", "Bbmaj", "none", "HP": nullopt when it cannot be read.
std::optional<AbcKey> parse_key(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
        text.remove_prefix(1);
    AbcKey k;
    // No key, or only a clef ("K:none", "K:clef=bass", "K:treble"): C, as abc2midi reads it.
    if (text.empty() || std::islower(static_cast<unsigned char>(text[0]))) return k;
    // Highland bagpipe tunes (K:HP, K:Hp): the chanter plays A mixolydian, F# and C#
    // whether or not the signature is written.
    if (text.size() >= 2 && text[0] == 'H' && (text[1] == 'P' || text[1] == 'p'))
        return parse_key("A mix");
    const int letter = letter_index(text[0]);
    if (letter < 0 || !std::isupper(static_cast<unsigned char>(text[0]))) return std::nullopt;
    k.tonic_pc = letter_pc[letter];
    std::size_t i = 1;
    if (i < text.size() && (text[i] == '#' || text[i] == 'b'))
        k.tonic_pc = pitch_class(k.tonic_pc + (text[i++] == '#' ? 1 : -1));
    const bool spaced = i < text.size() && text[i] == ' ';
    while (i < text.size() && text[i] == ' ') ++i;
    std::string word;
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i])) && word.size() < 3)
        word += static_cast<char>(std::tolower(static_cast<unsigned char>(text[i++])));
    static const std::pair<const char*, Mode> modes[] = {
        {"", Mode::ionian},        {"maj", Mode::ionian},   {"ion", Mode::ionian},
        {"m", Mode::aeolian},      {"min", Mode::aeolian},  {"aeo", Mode::aeolian},
        {"dor", Mode::dorian},     {"phr", Mode::phrygian}, {"lyd", Mode::lydian},
        {"mix", Mode::mixolydian}, {"loc", Mode::locrian}};
    bool found = false;
    for (const auto& [name, mode] : modes)
        if (word == name) k.mode = mode, found = true;
    if (!found && !spaced) return std::nullopt;  // "K:Gxyz"; after a space, "clef=bass" and such
    // The key signature: scale degree d is spelt with the letter d steps above the tonic's.
    for (int d = 0; d < 7; ++d) {
        const int l = (letter + d) % 7;
        int alter = pitch_class(k.tonic_pc + mode_intervals(k.mode)[d] - letter_pc[l]);
        if (alter > 6) alter -= 12;
        k.alteration[l] = alter;
    }
    return k;
}

// "Am", "D7", "F#m7b5", "Gd", "C/e" -> root and kind; nullopt for an annotation.
std::optional<TuneChord> parse_chord_symbol(std::string_view s) {
    const int letter = s.empty() ? -1 : letter_index(s[0]);
    if (letter < 0 || !std::isupper(static_cast<unsigned char>(s[0]))) return std::nullopt;
    TuneChord c;
    c.root_pc = letter_pc[letter];
    std::size_t i = 1;
    if (i < s.size() && (s[i] == '#' || s[i] == 'b'))
        c.root_pc = pitch_class(c.root_pc + (s[i++] == '#' ? 1 : -1));
    std::string_view rest = s.substr(
        i, s.find('/') == std::string_view::npos ? std::string_view::npos : s.find('/') - i);
    if (rest.substr(0, 3) == "maj" || rest.empty() ||
        std::isdigit(static_cast<unsigned char>(rest[0])))
        c.kind = ChordKind::major;
    else if (rest.find("b5") != std::string_view::npos || rest.substr(0, 3) == "dim" ||
             rest[0] == 'd' || rest[0] == 'a' || rest[0] == '+' || rest.substr(0, 3) == "sus" ||
             rest[0] == 'o')
        c.kind = ChordKind::other;
    else if (rest[0] == 'm')
        c.kind = ChordKind::minor;
    else
        c.kind = ChordKind::major;
    return c;
}

// A fraction of the unit length: "2", "/2", "/", "3/2", "//".
double parse_length(std::string_view text, std::size_t& i) {
    double num = 0;
    bool digits = false;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && num < 1e4)
        num = num * 10 + (text[i++] - '0'), digits = true;
    if (!digits) num = 1;
    while (i < text.size() && text[i] == '/') {
        ++i;
        double den = 0;
        bool d = false;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && den < 1e4)
            den = den * 10 + (text[i++] - '0'), d = true;
        num /= d && den > 0 ? den : 2;
    }
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])))
        ++i;  // absurd lengths
    return num;
}

class TuneBuilder {
  public:
    TuneBuilder(AbcTunes& out, std::string name) : out_(out), name_(std::move(name)) {}

    void field(char f, std::string_view value) {
        if (f == 'T' && title_.empty()) title_ = std::string(value.substr(0, 80));
        if (f == 'M') meter(value);
        if (f == 'L') {
            std::size_t i = 0;
            while (i < value.size() && value[i] == ' ') ++i;
            const std::size_t slash = value.find('/');
            if (slash != std::string_view::npos) {
                const double n = std::atof(std::string(value.substr(i, slash - i)).c_str());
                const double d = std::atof(std::string(value.substr(slash + 1)).c_str());
                if (n > 0 && d > 0 && n / d <= 4) unit_ = n / d, unit_set_ = true;
            }
        }
        if (f == 'K') key(value);
        if (f == 'V') {
            std::string id(value.substr(0, value.find(' ')));
            if (first_voice_.empty()) first_voice_ = id;
            in_other_voice_ = id != first_voice_;
        }
    }

    bool in_body() const { return key_.has_value(); }
    bool skipping_voice() const { return in_other_voice_; }

    void body(std::string_view line) {
        std::size_t i = 0;
        while (i < line.size()) {
            const char c = line[i];
            if (c == '%') return;
            if (c == '"') {
                const std::size_t end = line.find('"', i + 1);
                if (end == std::string_view::npos) return;
                if (auto chord = parse_chord_symbol(line.substr(i + 1, end - i - 1))) {
                    chord->beat = t_;
                    // A chord at the same beat as the last replaces it (one carried
                    // over a key change, or two symbols on one note).
                    if (!tune_.chords.empty() && tune_.chords.back().beat >= t_ - 1e-9)
                        tune_.chords.pop_back();
                    tune_.chords.push_back(*chord);
                }
                i = end + 1;
            } else if (c == '!' || c == '+') {
                const std::size_t end = line.find(c, i + 1);
                i = end == std::string_view::npos ? line.size() : end + 1;
            } else if (c == '{') {
                const std::size_t end = line.find('}', i + 1);
                i = end == std::string_view::npos ? line.size() : end + 1;
            } else if (c == '[' && i + 2 < line.size() &&
                       std::isalpha(static_cast<unsigned char>(line[i + 1])) &&
                       line[i + 2] == ':') {
                const std::size_t end = line.find(']', i);
                field(line[i + 1],
                      line.substr(i + 3,
                                  (end == std::string_view::npos ? line.size() : end) - i - 3));
                i = end == std::string_view::npos ? line.size() : end + 1;
            } else if (c == '[' && i + 1 < line.size() &&
                       std::isdigit(static_cast<unsigned char>(line[i + 1]))) {
                i += 2;  // a repeat's ending
            } else if (c == '[' && i + 1 < line.size() && line[i + 1] != '|') {
                chord_of_notes(line, i);
            } else if (c == '|' || c == ':' ||
                       (c == '[' && i + 1 < line.size() && line[i + 1] == '|')) {
                while (i < line.size() &&
                       (line[i] == '|' || line[i] == ':' || line[i] == '[' || line[i] == ']'))
                    ++i;
                while (i < line.size() && std::isdigit(static_cast<unsigned char>(line[i]))) ++i;
                bar_line();
            } else if (c == '(') {
                ++i;
                if (i < line.size() && std::isdigit(static_cast<unsigned char>(line[i]))) {
                    const int p = line[i++] - '0';
                    int q = p == 3 || p == 6 ? 2 : (p == 2 || p == 4 || p == 8) ? 3 : 2;
                    int r = p;
                    if (i < line.size() && line[i] == ':') {
                        ++i;
                        if (i < line.size() && std::isdigit(static_cast<unsigned char>(line[i])))
                            q = line[i++] - '0';
                        if (i < line.size() && line[i] == ':') {
                            ++i;
                            if (i < line.size() &&
                                std::isdigit(static_cast<unsigned char>(line[i])))
                                r = line[i++] - '0';
                        }
                    }
                    if (p > 0 && q > 0) tuplet_ = {static_cast<double>(q) / p, r};
                }
            } else if (c == '-') {
                tie_ = true, ++i;
            } else if (c == '>' || c == '<') {
                int n = 0;
                while (i < line.size() && line[i] == c) ++i, ++n;
                const double f = n == 1 ? 0.5 : n == 2 ? 0.25 : 0.125;
                broken(c == '>' ? 2 - f : f, c == '>' ? f : 2 - f);
            } else if (c == '&') {
                while (i < line.size() && line[i] != '|') ++i;  // an overlaid voice
            } else if (letter_index(c) >= 0 || c == '^' || c == '_' || c == '=' || c == 'z' ||
                       c == 'x' || c == 'Z' || c == 'X') {
                note(line, i);
            } else {
                ++i;  // decorations (. ~ H L M O P S T u v), spacers, beams, slurs' ends
            }
        }
    }

    void finish() {
        flush_bar(t_);
        if (!key_) {
            if (!title_.empty() || notes_seen_) out_.skipped.push_back(label() + ": no K: line");
            return;
        }
        if (key_unreadable_) return;
        close_tune();
    }

  private:
    std::string label() const { return name_ + (title_.empty() ? "" : ": " + title_); }

    void meter(std::string_view v) {
        while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
        if (v.substr(0, 2) == "C|")
            meter_ = {2, 2};
        else if (v.substr(0, 1) == "C")
            meter_ = {4, 4};
        else {
            const std::size_t slash = v.find('/');
            if (slash != std::string_view::npos) {
                const int b = std::atoi(std::string(v.substr(0, slash)).c_str());
                const int u = std::atoi(std::string(v.substr(slash + 1)).c_str());
                if (b >= 1 && b <= 32 && (u == 1 || u == 2 || u == 4 || u == 8 || u == 16))
                    meter_ = {b, u};
            }
        }
        if (!unit_set_)
            unit_ = static_cast<double>(meter_.beats) / meter_.unit < 0.75 ? 1.0 / 16 : 1.0 / 8;
    }

    void key(std::string_view v) {
        auto k = parse_key(v);
        if (!k) {
            if (!key_unreadable_)
                out_.skipped.push_back(label() + ": key \"" + std::string(v.substr(0, 20)) +
                                       "\" cannot be read");
            key_unreadable_ = true;
            key_ = AbcKey{};
            return;
        }
        if (key_ && !tune_.notes.empty()) {
            // A new key: what came before is a tune of its own.
            const TuneChord* last = tune_.chords.empty() ? nullptr : &tune_.chords.back();
            std::optional<TuneChord> carried;
            if (last) carried = *last;
            flush_bar(t_);
            close_tune();
            ++part_;
            if (carried) carried->beat = t_, tune_.chords.push_back(*carried);
        }
        key_ = k;
        accidentals_.clear();
    }

    void close_tune() {
        if (key_unreadable_ || tune_.notes.empty()) {
            if (tune_.notes.empty() && !key_unreadable_)
                out_.skipped.push_back(label() + ": no notes");
            tune_ = Tune{};
            bar_first_note_ = 0;
            return;
        }
        tune_.name = label() + (part_ > 1 ? " (part " + std::to_string(part_) + ")" : "");
        tune_.tonic_pc = key_->tonic_pc;
        tune_.meter = first_meter_.value_or(meter_);
        tune_.minor = mode_intervals(key_->mode)[2] == 3;
        estimate_chords(tune_);
        out_.tunes.push_back(std::move(tune_));
        tune_ = Tune{};
        bar_first_note_ = 0;
        first_meter_.reset();
    }

    double beats_of(double length) const { return length * unit_ * meter_.unit; }

    void broken(double before, double after) {
        if (!tune_.notes.empty() && last_note_open_) {
            TuneNote& n = tune_.notes.back();
            const double old = n.dur;
            n.dur *= before;
            t_ += n.dur - old;
        }
        next_factor_ = after;
    }

    void bar_line() {
        flush_bar(t_);
        accidentals_.clear();
    }

    // Gives the notes of the bar just ended their place in it; a short first bar is a pickup.
    void flush_bar(double end) {
        const double bar = meter_.beats;
        if (end <= bar_start_ + 1e-9 && bar_first_note_ == tune_.notes.size())
            return;  // an empty bar, such as the repeat sign before a pickup
        double start = bar_start_;
        if (!bar_seen_ && end - bar_start_ < bar - 1e-6) start = end - bar;
        tune_.bar_starts.push_back(std::max(start, bar_start_));
        for (std::size_t n = bar_first_note_; n < tune_.notes.size(); ++n)
            tune_.notes[n].metric =
                metric_level(meter_, std::max(0.0, tune_.notes[n].beat - start));
        bar_first_note_ = tune_.notes.size();
        bar_start_ = end;
        bar_seen_ = true;
    }

    // The pitch of a note at line[i] (accidental, letter, octave marks); i moves past it.
    std::optional<int> pitch(std::string_view line, std::size_t& i) {
        int accidental = 0;
        bool explicit_accidental = false;
        while (i < line.size() && (line[i] == '^' || line[i] == '_' || line[i] == '=')) {
            accidental += line[i] == '^' ? 1 : line[i] == '_' ? -1 : 0;
            explicit_accidental = true;
            ++i;
        }
        if (i >= line.size() || letter_index(line[i]) < 0) return std::nullopt;
        const char c = line[i++];
        const int letter = letter_index(c);
        int octave = std::islower(static_cast<unsigned char>(c)) ? 1 : 0;
        while (i < line.size() && (line[i] == '\'' || line[i] == ','))
            octave += line[i++] == '\'' ? 1 : -1;
        const int natural = 60 + letter_pc[letter] + 12 * octave;
        const int slot = letter * 16 + octave + 8;
        if (explicit_accidental) accidentals_.push_back({slot, accidental});
        int alter = key_ ? key_->alteration[letter] : 0;
        for (const auto& [s, a] : accidentals_)
            if (s == slot) alter = a;
        return natural + alter;
    }

    void note(std::string_view line, std::size_t& i) {
        const char c = line[i];
        std::optional<int> p;
        bool bar_rest = false;
        if (c == 'z' || c == 'x' || c == 'Z' || c == 'X') {
            bar_rest = c == 'Z' || c == 'X';
            ++i;
        } else {
            p = pitch(line, i);
            if (!p) {
                ++i;
                return;
            }
        }
        double length = parse_length(line, i);
        add(p, bar_rest ? length * meter_.beats : beats_of(length));
    }

    void chord_of_notes(std::string_view line, std::size_t& i) {
        ++i;
        std::optional<int> top;
        double first_length = -1;
        while (i < line.size() && line[i] != ']') {
            if (auto p = pitch(line, i)) {
                const double l = parse_length(line, i);
                if (first_length < 0) first_length = l;
                top = std::max(top.value_or(*p), *p);
            } else {
                ++i;
            }
        }
        if (i < line.size()) ++i;
        const double after = parse_length(line, i);
        if (top) add(top, beats_of(std::max(0.0, first_length) * after));
    }

    void add(std::optional<int> pitch, double beats) {
        if (!key_ || in_other_voice_) return;
        beats *= next_factor_;
        next_factor_ = 1;
        if (tuplet_.second > 0) beats *= tuplet_.first, --tuplet_.second;
        if (beats <= 0 || beats > 64) return;
        notes_seen_ = true;
        if (!first_meter_) first_meter_ = meter_;
        if (pitch && tie_ && last_note_open_ && !tune_.notes.empty() &&
            tune_.notes.back().pitch == *pitch) {
            tune_.notes.back().dur += beats;
        } else if (pitch && *pitch >= 12 && *pitch <= 120) {
            tune_.notes.push_back({t_, beats, *pitch, 0});
        }
        last_note_open_ = pitch.has_value();
        tie_ = false;
        t_ += beats;
    }

    AbcTunes& out_;
    std::string name_, title_, first_voice_;
    Tune tune_;
    std::optional<AbcKey> key_;
    bool key_unreadable_ = false, in_other_voice_ = false, notes_seen_ = false;
    Meter meter_{4, 4};
    std::optional<Meter> first_meter_;
    double unit_ = 1.0 / 8;
    bool unit_set_ = false;
    double t_ = 0, bar_start_ = 0, next_factor_ = 1;
    bool bar_seen_ = false, tie_ = false, last_note_open_ = false;
    std::size_t bar_first_note_ = 0;
    std::pair<double, int> tuplet_{1, 0};
    std::vector<std::pair<int, int>> accidentals_;  // this bar's: (letter and octave, alteration)
    int part_ = 1;
};

}  // namespace

AbcTunes read_abc(std::string_view text, const std::string& file) {
    AbcTunes out;
    std::optional<TuneBuilder> tune;
    int count = 0;
    while (!text.empty()) {
        const std::size_t eol = text.find('\n');
        std::string_view line = text.substr(0, eol);
        text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        const bool blank = line.find_first_not_of(" \t") == std::string_view::npos;
        if (blank) {
            if (tune) tune->finish(), tune.reset();
            continue;
        }
        const bool is_field =
            line.size() >= 2 && std::isalpha(static_cast<unsigned char>(line[0])) && line[1] == ':';
        if (is_field && line[0] == 'X') {
            if (tune) tune->finish();
            tune.emplace(out, file + " tune " + std::to_string(++count));
            continue;
        }
        if (!tune) continue;  // the file header, free text
        if (is_field) {
            if (line[0] != 'w' && line[0] != 'W') tune->field(line[0], line.substr(2));
        } else if (tune->in_body() && !tune->skipping_voice()) {
            tune->body(line);
        }
    }
    if (tune) tune->finish();
    return out;
}

}  // namespace ambient
