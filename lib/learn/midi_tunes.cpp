#include "learn/midi_tunes.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <map>
#include <optional>
#include <vector>

#include "compose/pitch.hpp"
#include "core/error.hpp"
#include "midi/midi_file_reader.hpp"

namespace ambient {

namespace {

constexpr double max_bars = 10000;

struct Sounding {
    double start = 0, end = 0;  // beats
    int pitch = 0;
    std::size_t track = 0;
};

bool names_a_melody(std::string name) {
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const char* word :
         {"melody", "lead", "voice", "vocal", "solo", "tune", "flute", "violin", "right"})
        if (name.find(word) != std::string::npos) return true;
    return false;
}

// Major and minor key profiles (Krumhansl and Kessler 1982).
constexpr std::array<double, 12> major_profile = {6.35, 2.23, 3.48, 2.33, 4.38, 4.09,
                                                  2.52, 5.19, 2.39, 3.66, 2.29, 2.88};
constexpr std::array<double, 12> minor_profile = {6.33, 2.68, 3.52, 5.38, 2.60, 3.53,
                                                  2.54, 4.75, 3.98, 2.69, 3.34, 3.17};

std::pair<int, bool> estimate_key(const std::array<double, 12>& weight) {
    double best = -1e300;
    std::pair<int, bool> key{0, false};
    for (int tonic = 0; tonic < 12; ++tonic)
        for (bool minor : {false, true}) {
            const auto& profile = minor ? minor_profile : major_profile;
            double score = 0;
            for (int pc = 0; pc < 12; ++pc) score += weight[pc] * profile[pitch_class(pc - tonic)];
            if (score > best) best = score, key = {tonic, minor};
        }
    return key;
}

}  // namespace

Tune read_midi_tune(std::string_view bytes, const std::string& file) {
    MidiFileData data;
    try {
        data = read_midi_file(bytes);
    } catch (const Error& e) {
        throw Error(ErrorKind::data, e.what(), Place(file));
    }
    if (data.division <= 0)
        throw Error(ErrorKind::data, "SMPTE time is not read for learning", Place(file));
    Meter meter{4, 4};
    std::optional<std::pair<int, bool>> signature;
    std::vector<Sounding> notes;
    std::vector<bool> melody_named(data.tracks.size());
    bool time_signature_seen = false;
    for (std::size_t t = 0; t < data.tracks.size(); ++t) {
        std::map<int, std::pair<std::int64_t, int>> open;  // channel*128 + pitch -> start tick
        for (const MidiFileEvent& e : data.tracks[t]) {
            if (e.status == 0xFF) {
                if (e.meta == 0x03 && names_a_melody(e.data)) melody_named[t] = true;
                if (e.meta == 0x58 && e.data.size() >= 2 && !time_signature_seen) {
                    const int beats = static_cast<unsigned char>(e.data[0]),
                              power = static_cast<unsigned char>(e.data[1]);
                    if (beats >= 1 && beats <= 32 && power <= 4) meter = {beats, 1 << power};
                    time_signature_seen = true;
                }
                if (e.meta == 0x59 && e.data.size() >= 2 && !signature) {
                    const int sf = static_cast<signed char>(e.data[0]);
                    const bool minor = e.data[1] != 0;
                    if (sf >= -7 && sf <= 7)
                        signature = {pitch_class(7 * sf + (minor ? 9 : 0)), minor};
                }
                continue;
            }
            const int kind = e.status & 0xF0, channel = e.status & 0x0F;
            if ((kind != 0x90 && kind != 0x80) || e.data.size() < 2 || channel == 9) continue;
            const int pitch = static_cast<unsigned char>(e.data[0]);
            const bool on = kind == 0x90 && e.data[1] != 0;
            const int slot = channel * 128 + pitch;
            auto it = open.find(slot);
            if (it != open.end()) {  // a note-off, or a note struck again
                notes.push_back(
                    {static_cast<double>(it->second.first), static_cast<double>(e.tick), pitch, t});
                open.erase(it);
            }
            if (on) open[slot] = {e.tick, 0};
        }
    }
    // Ticks to the meter's beats.
    const double per_beat = data.division * 4.0 / meter.unit;
    // Learning needs no more than the first 10 000 bars; a file whose times run to millions
    // of bars (a few bytes can say so) would otherwise take minutes to read.
    const double longest = max_bars * meter.beats;
    for (Sounding& n : notes) n.start /= per_beat, n.end = std::min(n.end / per_beat, longest);
    notes.erase(std::remove_if(notes.begin(), notes.end(),
                               [&](const Sounding& n) { return n.end <= n.start; }),
                notes.end());
    if (notes.empty())
        throw Error(ErrorKind::data, "no notes to learn from (drums are not read)", Place(file));
    std::sort(notes.begin(), notes.end(), [](const Sounding& a, const Sounding& b) {
        return a.start != b.start ? a.start < b.start : a.pitch > b.pitch;
    });

    // The melody: a named track, else the highest voice (a note that starts under a higher
    // melody note still sounding is accompaniment).
    const bool any_named =
        std::find(melody_named.begin(), melody_named.end(), true) != melody_named.end();
    std::vector<Sounding> melody, harmony;
    for (const Sounding& n : notes) {
        const bool candidate = !any_named || melody_named[n.track];
        bool take = candidate;
        if (take && !melody.empty()) {
            const Sounding& last = melody.back();
            if (n.start - last.start < 1e-6)
                take = false;  // a lower note of a chord
            else if (last.end > n.start + 1e-6 && last.pitch > n.pitch)
                take = false;  // under the melody
        }
        if (take) {
            if (!melody.empty() && melody.back().end > n.start) melody.back().end = n.start;
            melody.push_back(n);
        } else {
            harmony.push_back(n);
        }
    }

    Tune tune;
    tune.name = file;
    tune.meter = meter;
    std::array<double, 12> weight{};
    for (const Sounding& n : notes) weight[pitch_class(n.pitch)] += n.end - n.start;
    const auto [tonic, minor] = signature.value_or(estimate_key(weight));
    tune.tonic_pc = tonic;
    tune.minor = minor;
    const double end = notes.back().end;
    for (double b = 0; b < end; b += meter.beats) tune.bar_starts.push_back(b);
    for (const Sounding& n : melody)
        tune.notes.push_back({n.start, n.end - n.start, n.pitch,
                              metric_level(meter, std::fmod(n.start, meter.beats))});

    if (harmony.size() >= melody.size() / 4) {
        // Chords from the accompaniment: the best triad (any root) per half bar.
        const double span = meter.beats >= 4 ? meter.beats / 2.0 : meter.beats;
        std::size_t from = 0;
        for (double s = 0; s < end; s += span) {
            std::array<double, 12> w{};
            while (from < harmony.size() && harmony[from].start < s - 64)
                ++from;  // none lasts so long
            for (std::size_t h = from; h < harmony.size() && harmony[h].start < s + span; ++h)
                w[pitch_class(harmony[h].pitch)] +=
                    std::min(harmony[h].end, s + span) - std::max(harmony[h].start, s);
            double best = 0;
            std::optional<TuneChord> chosen;
            for (int root = 0; root < 12; ++root)
                for (ChordKind kind : {ChordKind::major, ChordKind::minor}) {
                    const double score = w[root] +
                                         w[pitch_class(root + (kind == ChordKind::major ? 4 : 3))] +
                                         w[pitch_class(root + 7)];
                    if (score > best + 1e-9) best = score, chosen = TuneChord{s, root, kind};
                }
            if (chosen && (tune.chords.empty() || tune.chords.back().root_pc != chosen->root_pc ||
                           tune.chords.back().kind != chosen->kind))
                tune.chords.push_back(*chosen);
        }
    }
    estimate_chords(tune);  // only where the file gave none
    return tune;
}

}  // namespace ambient
