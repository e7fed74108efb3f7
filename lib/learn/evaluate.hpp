// How good a melody model is, measured: likelihood of held-out tunes against the count
// model, and properties of melodies (chord tones, key, entropy, intervals, density).
#pragma once

#include <array>
#include <string>
#include <vector>

#include "compose/melody_model.hpp"
#include "phrase/phrase.hpp"

namespace ambient {

struct HeldOutFigures {
    std::size_t tunes = 0, notes = 0;
    double model_nll = 0, count_nll = 0;  // nats per note, over every note after a tune's first
};
HeldOutFigures held_out_figures(const MelodyModel& model, const CountModel& counts,
                                const std::vector<Tune>& test);

struct MelodyFigures {
    std::size_t notes = 0;
    double chord_tone_rate = 0;  // notes that are tones of the chord under them
    double in_key_rate = 0;      // notes in the key's major or natural minor scale
    double entropy_bits = 0;     // of the pitch classes relative to the tonic
    double notes_per_8_bars = 0;
    std::array<double, model_intervals> intervals{};  // share of each interval -12..12
};
MelodyFigures melody_figures(const std::vector<Tune>& tunes);

// A tune's chords as phrases of `bars` bars (the tune's key, major or natural minor, and
// meter; triads voiced from C3), without melody: what ambient-melody is given to measure
// its melodies over real tunes' harmony. Stretches without a chord are left out.
std::vector<Phrase> phrases_over_chords(const Tune& tune, int bars = 8);

// Total variation distance between two interval histograms: 0 the same, 1 disjoint.
double interval_distance(const MelodyFigures& a, const MelodyFigures& b);

}  // namespace ambient
