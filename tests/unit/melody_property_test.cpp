// Musical rules of the melody, checked over all 12 tonics x 7 modes x many seeds.
#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>

#include "compose/chord_composer.hpp"
#include "compose/harmony.hpp"
#include "compose/melody.hpp"
#include "compose/pitch.hpp"
#include "phrase_sweep.hpp"

namespace ambient {
namespace {

constexpr int seeds_per_key = 12;

struct Tally {
    long notes = 0, outside = 0, clashes = 0, out_of_range = 0, overlaps = 0;
    long strong_onsets = 0, strong_onset_chord_tones = 0;
    long strong_beats_sounding = 0, strong_beats_chord_tones = 0;
    long intervals = 0, steps = 0, leaps = 0, leaps_resolved = 0;
    long phrases = 0, phrases_with_rests = 0;
};

void check(const Phrase& p, const MelodySettings& s, Tally& t) {
    Key key = phrase_key(p);
    ++t.phrases;
    bool rest = false;
    for (std::size_t i = 0; i < p.melody.size(); ++i) {
        const MelodyNote& n = p.melody[i];
        ++t.notes;
        const ChordEvent* chord = chord_at(p, n.beat);
        bool chord_tone = chord && is_chord_tone(*chord, n.pitch);
        if (!key.contains(pitch_class(n.pitch)) && !chord_tone) ++t.outside;
        if (clashes_with_chords(p, n.pitch, n.beat, n.beat + n.dur)) ++t.clashes;
        if (n.pitch < s.low || n.pitch > s.high) ++t.out_of_range;
        if (n.beat + n.dur > p.total_beats() + 1e-9) ++t.overlaps;
        if (is_strong_beat(p.meter, n.beat)) {
            ++t.strong_onsets;
            t.strong_onset_chord_tones += chord_tone;
        }
        if (i > 0) {
            const MelodyNote& prev = p.melody[i - 1];
            if (prev.beat + prev.dur > n.beat + 1e-9) ++t.overlaps;  // one voice: no overlap
            if (prev.beat + prev.dur < n.beat) rest = true;
            int iv = n.pitch - prev.pitch;
            ++t.intervals;
            if (std::abs(iv) <= 2) ++t.steps;
            if (i >= 2) {
                int before = prev.pitch - p.melody[i - 2].pitch;
                if (std::abs(before) >= 5) {
                    ++t.leaps;
                    if (std::abs(iv) >= 1 && std::abs(iv) <= 2 && (iv > 0) != (before > 0))
                        ++t.leaps_resolved;
                }
            }
        }
    }
    // What sounds on every strong beat.
    for (double b = 0; b < p.total_beats(); b += 1.0) {
        if (!is_strong_beat(p.meter, b)) continue;
        for (const MelodyNote& n : p.melody)
            if (n.beat <= b && b < n.beat + n.dur) {
                ++t.strong_beats_sounding;
                const ChordEvent* c = chord_at(p, b);
                t.strong_beats_chord_tones += c && is_chord_tone(*c, n.pitch);
            }
    }
    if (!p.melody.empty() && p.melody.front().beat > 0) rest = true;
    t.phrases_with_rests += rest;
}

TEST(MelodyProperties, EveryKeyAndModeManySeeds) {
    MelodySettings s;
    Tally t;
    for_every_key_and_mode(seeds_per_key, [&](Phrase& p, std::uint64_t seed) {
        compose_melody(p, s, seed);
        check(p, s, t);
    });

    EXPECT_GT(t.notes, 12 * 7 * seeds_per_key * 4);
    EXPECT_EQ(t.outside, 0);
    EXPECT_EQ(t.clashes, 0);
    EXPECT_EQ(t.out_of_range, 0);
    EXPECT_EQ(t.overlaps, 0);
    EXPECT_EQ(t.strong_onset_chord_tones, t.strong_onsets);
    double sounding_ratio = double(t.strong_beats_chord_tones) / double(t.strong_beats_sounding);
    double step_ratio = double(t.steps) / double(t.intervals);
    double resolved_ratio = double(t.leaps_resolved) / double(t.leaps);
    EXPECT_GT(sounding_ratio, 0.8);
    EXPECT_GT(step_ratio, 0.6) << "mostly stepwise";
    EXPECT_GT(resolved_ratio, 0.9) << "leaps resolved by step";
    EXPECT_GT(double(t.phrases_with_rests) / double(t.phrases), 0.9);

    std::cout << "melody over " << t.phrases << " phrases, " << t.notes << " notes:\n"
              << "  strong-beat onsets on chord tones: " << t.strong_onset_chord_tones << "/"
              << t.strong_onsets << " (" << 100.0 * t.strong_onset_chord_tones / t.strong_onsets
              << "%)\n"
              << "  strong beats sounding a chord tone: " << t.strong_beats_chord_tones << "/"
              << t.strong_beats_sounding << " (" << 100.0 * sounding_ratio << "%)\n"
              << "  steps: " << 100.0 * step_ratio
              << "%, leaps resolved by step: " << 100.0 * resolved_ratio << "%\n";
    RecordProperty("strong_beat_chord_tone_onsets", std::to_string(t.strong_onset_chord_tones) +
                                                        "/" + std::to_string(t.strong_onsets));
    RecordProperty("strong_beat_chord_tone_sounding_percent",
                   std::to_string(100.0 * sounding_ratio));
}

TEST(MelodyProperties, DensityFollowsIntensityAndOverride) {
    auto notes_at = [](double intensity, std::optional<double> density) {
        long n = 0;
        for (std::uint64_t seed = 0; seed < 100; ++seed) {
            ChordSettings cs;
            cs.intensity = intensity;
            Phrase p = compose_chords(cs, TransitionTable::builtin(Mode::aeolian), seed, 0);
            compose_melody(p, MelodySettings{60, 84, density}, 0);
            n += static_cast<long>(p.melody.size());
        }
        return n;
    };
    long calm = notes_at(0.0, std::nullopt), mid = notes_at(0.5, std::nullopt),
         busy = notes_at(1.0, std::nullopt);
    EXPECT_LT(calm, mid);
    EXPECT_LT(mid, busy);
    EXPECT_GT(notes_at(0.0, 1.0), calm * 3 / 2) << "--density overrides intensity";
    // Sparse: even at full intensity, no more than about four notes a bar.
    EXPECT_LT(busy / 100.0 / 8.0, 4.0);
}

TEST(MelodyProperties, RangeIsRespectedWhenNarrow) {
    ChordSettings cs;
    Phrase p = compose_chords(cs, TransitionTable::builtin(Mode::aeolian), 3, 0);
    compose_melody(p, MelodySettings{67, 76, 0.8}, 0);
    ASSERT_FALSE(p.melody.empty());
    for (const MelodyNote& n : p.melody) {
        EXPECT_GE(n.pitch, 67);
        EXPECT_LE(n.pitch, 76);
    }
}

TEST(MelodyProperties, UnknownModeIsAPhraseError) {
    ChordSettings cs;
    Phrase p = compose_chords(cs, TransitionTable::builtin(Mode::aeolian), 3, 0);
    p.mode = "hypodorian";
    EXPECT_THROW(compose_melody(p, MelodySettings{}, 0), std::runtime_error);
}

}  // namespace
}  // namespace ambient
