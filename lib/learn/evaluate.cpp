#include "learn/evaluate.hpp"

#include <algorithm>
#include <cmath>

#include "compose/mode.hpp"
#include "compose/pitch.hpp"

namespace ambient {

HeldOutFigures held_out_figures(const MelodyModel& model, const CountModel& counts,
                                const std::vector<Tune>& test) {
    HeldOutFigures f;
    for (const Tune& t : test) {
        if (t.notes.size() < 2) continue;
        ++f.tunes;
        for (std::size_t i = 1; i < t.notes.size(); ++i) {
            const NoteContext c = context_of(t, i);
            const int x = fold_interval(t.notes[i].pitch - c.previous_pitch) + model_max_interval;
            f.model_nll -= std::log(model.next(c)[x]);
            f.count_nll -= std::log(counts.next(c)[x]);
            ++f.notes;
        }
    }
    if (f.notes) f.model_nll /= f.notes, f.count_nll /= f.notes;
    return f;
}

MelodyFigures melody_figures(const std::vector<Tune>& tunes) {
    MelodyFigures f;
    std::array<double, 12> pcs{};
    double chord_tones = 0, in_key = 0, bars = 0, interval_count = 0;
    for (const Tune& t : tunes) {
        if (t.notes.empty()) continue;
        const Key key{t.tonic_pc, t.minor ? Mode::aeolian : Mode::ionian};
        for (std::size_t i = 0; i < t.notes.size(); ++i) {
            const TuneNote& n = t.notes[i];
            ++f.notes;
            pcs[pitch_class(n.pitch - t.tonic_pc)] += 1;
            if (key.contains(pitch_class(n.pitch))) ++in_key;
            if (const TuneChord* c = t.chord_at(n.beat)) {
                const int rel = pitch_class(n.pitch - c->root_pc);
                const int third = c->kind == ChordKind::minor ? 3 : 4;
                if (rel == 0 || rel == 7 || (c->kind != ChordKind::other && rel == third))
                    ++chord_tones;
            }
            if (i > 0) {
                f.intervals[fold_interval(n.pitch - t.notes[i - 1].pitch) + model_max_interval] +=
                    1;
                ++interval_count;
            }
        }
        const double length = t.notes.back().beat + t.notes.back().dur - t.notes.front().beat;
        bars += length / std::max(1, t.meter.beats);
    }
    if (!f.notes) return f;
    f.chord_tone_rate = chord_tones / f.notes;
    f.in_key_rate = in_key / f.notes;
    for (double c : pcs)
        if (c > 0) f.entropy_bits -= c / f.notes * std::log2(c / f.notes);
    f.notes_per_8_bars = bars > 0 ? f.notes / bars * 8 : 0;
    for (double& x : f.intervals) x /= std::max(1.0, interval_count);
    return f;
}

std::vector<Phrase> phrases_over_chords(const Tune& tune, int bars) {
    std::vector<Phrase> out;
    if (tune.chords.empty() || tune.notes.empty()) return out;
    const double bar = std::max(1, tune.meter.beats);
    const double start = tune.bar_starts.empty() ? 0.0 : tune.bar_starts.front();
    const double end = tune.notes.back().beat + tune.notes.back().dur;
    // At most 1000 phrases from one tune, looking at 100 000 at most: a note or a rest can
    // say it lasts for ever.
    double from = start;
    for (int window = 0; window < 100000 && from + bars * bar <= end + 1e-9 && out.size() < 1000;
         ++window, from += bars * bar) {
        Phrase p;
        p.key = pitch_class_name(tune.tonic_pc, tune.tonic_pc == 3 || tune.tonic_pc == 10);
        p.mode = tune.minor ? "aeolian" : "ionian";
        p.tonic = tonic_midi(tune.tonic_pc);
        p.meter = tune.meter;
        p.bars = bars;
        p.seed = out.size();
        const double to = from + bars * bar;
        for (std::size_t i = 0; i < tune.chords.size(); ++i) {
            const TuneChord& c = tune.chords[i];
            const double next = i + 1 < tune.chords.size() ? tune.chords[i + 1].beat : to;
            const double on = std::max(c.beat, from), off = std::min(next, to);
            if (off <= on + 1e-9) continue;
            ChordEvent e;
            e.beat = on - from;
            e.beats = off - on;
            e.bar = static_cast<int>(e.beat / bar);
            e.root = 48 + c.root_pc;
            e.pitches = {e.root, e.root + 7};
            if (c.kind != ChordKind::other)
                e.pitches.insert(e.pitches.begin() + 1,
                                 e.root + (c.kind == ChordKind::minor ? 3 : 4));
            p.chords.push_back(e);
        }
        if (!p.chords.empty() && p.chords.front().beat < 1e-9) out.push_back(std::move(p));
    }
    return out;
}

double interval_distance(const MelodyFigures& a, const MelodyFigures& b) {
    double d = 0;
    for (int i = 0; i < model_intervals; ++i) d += std::abs(a.intervals[i] - b.intervals[i]);
    return d / 2;
}

}  // namespace ambient
