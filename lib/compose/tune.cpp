#include "compose/tune.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "compose/harmony.hpp"
#include "compose/pitch.hpp"

namespace ambient {

int metric_level(const Meter& meter, double beat_in_bar) {
    const double x = beat_in_bar;
    if (std::abs(x) < 1e-6) return 0;
    const bool whole_beat = std::abs(x - std::round(x)) < 1e-6;
    if (!whole_beat) return 3;
    const int b = static_cast<int>(std::lround(x));
    const bool compound = meter.unit == 8 && meter.beats % 3 == 0 && meter.beats >= 6;
    if (compound) return b % 3 == 0 ? 1 : 2;
    if (meter.beats % 2 == 0 && meter.beats > 2 && b == meter.beats / 2) return 1;
    return 2;
}

ChordKind chord_kind(int root_pc, const std::vector<int>& pitches) {
    bool major = false, minor = false;
    for (int p : pitches) {
        major |= pitch_class(p - root_pc) == 4;
        minor |= pitch_class(p - root_pc) == 3;
    }
    if (major != minor) return major ? ChordKind::major : ChordKind::minor;
    return ChordKind::other;
}

const TuneChord* Tune::chord_at(double beat) const {
    auto after = std::upper_bound(chords.begin(), chords.end(), beat + 1e-9,
                                  [](double b, const TuneChord& c) { return b < c.beat; });
    return after == chords.begin() ? nullptr : &*(after - 1);
}

Tune tune_of_phrase(const Phrase& p) {
    Tune t;
    const Key key = phrase_key(p);
    t.tonic_pc = key.tonic_pc;
    t.minor = mode_intervals(key.mode)[2] == 3;
    t.meter = p.meter;
    for (const ChordEvent& c : p.chords)
        t.chords.push_back({c.beat, pitch_class(c.root), chord_kind(c.root, c.pitches)});
    std::sort(t.chords.begin(), t.chords.end(),
              [](const TuneChord& a, const TuneChord& b) { return a.beat < b.beat; });
    for (const MelodyNote& n : p.melody)
        t.notes.push_back({n.beat, n.dur, n.pitch,
                           metric_level(p.meter, std::fmod(n.beat, double(p.meter.beats)))});
    std::sort(t.notes.begin(), t.notes.end(),
              [](const TuneNote& a, const TuneNote& b) { return a.beat < b.beat; });
    return t;
}

}  // namespace ambient

namespace ambient {

namespace {

// The key's triads as (root pc, kind), for estimating chords.
std::vector<TuneChord> diatonic_triads(int tonic_pc, bool minor) {
    const Key key{tonic_pc, minor ? Mode::aeolian : Mode::ionian};
    std::vector<TuneChord> out;
    for (int d = 0; d < 7; ++d) {
        const int root = key.degree_pc(d), third = key.degree_pc(d + 2),
                  fifth = key.degree_pc(d + 4);
        if (pitch_class(fifth - root) != 7) continue;  // the diminished triad
        out.push_back(
            {0, root, pitch_class(third - root) == 4 ? ChordKind::major : ChordKind::minor});
    }
    return out;
}

}  // namespace

void estimate_chords(Tune& tune) {
    if (!tune.chords.empty() || tune.notes.empty()) return;
    std::vector<double> starts = tune.bar_starts;
    if (starts.empty() || starts.front() > tune.notes.front().beat)
        starts.insert(starts.begin(), tune.notes.front().beat);
    const std::vector<TuneChord> triads = diatonic_triads(tune.tonic_pc, tune.minor);
    std::vector<double> spans;  // bars, halved where they are long
    for (std::size_t b = 0; b < starts.size(); ++b) {
        const double end =
            b + 1 < starts.size() ? starts[b + 1] : tune.notes.back().beat + tune.notes.back().dur;
        spans.push_back(starts[b]);
        if (end - starts[b] >= 4) spans.push_back((starts[b] + end) / 2);
    }
    std::size_t n = 0;
    for (std::size_t s = 0; s < spans.size(); ++s) {
        const double end = s + 1 < spans.size() ? spans[s + 1] : 1e300;
        std::array<double, 12> weight{};
        for (; n < tune.notes.size() && tune.notes[n].beat < end; ++n)
            if (tune.notes[n].beat >= spans[s])
                weight[pitch_class(tune.notes[n].pitch)] +=
                    tune.notes[n].dur * (4.0 - tune.notes[n].metric);
        double best = 0;
        const TuneChord* chosen = nullptr;
        for (const TuneChord& t : triads) {
            const int third = t.kind == ChordKind::major ? 4 : 3;
            double score = 1.2 * weight[t.root_pc] + weight[pitch_class(t.root_pc + third)] +
                           weight[pitch_class(t.root_pc + 7)];
            if (t.root_pc == tune.tonic_pc) score *= 1.05;  // ties go home
            if (score > best) best = score, chosen = &t;
        }
        if (chosen) tune.chords.push_back({spans[s], chosen->root_pc, chosen->kind});
    }
}

}  // namespace ambient
