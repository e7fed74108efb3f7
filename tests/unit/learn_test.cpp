// Learning melodies: the ABC reader, chord estimation, the model file, and ambient-melody's
// constrained sampling with a model (every hard rule over 12 tonics x 7 modes x seeds).
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <numeric>
#include <sstream>

#include "compose/chord_composer.hpp"
#include "compose/harmony.hpp"
#include "compose/melody.hpp"
#include "compose/melody_model.hpp"
#include "compose/pitch.hpp"
#include "core/error.hpp"
#include "learn/abc_reader.hpp"
#include "phrase_sweep.hpp"

namespace ambient {
namespace {

// Written for these tests: a pickup, an accidental that lasts the bar, chord symbols, broken
// rhythm, a tie, a rest, a triplet, a chord of notes and a key change inside the tune.
constexpr const char* probe_abc = R"(X:1
T:Probe
M:4/4
L:1/8
K:G
|:D2|"G"G2B2 ^c2c2|"D7"A3B A2FA|"G"G4- G2z2:|
K:Em
"Em"(3EFG E>F G2 [EGB]2|
)";

TEST(AbcReader, NotesLengthsAndPlacesInTheBar) {
    const AbcTunes r = read_abc(probe_abc, "probe.abc");
    ASSERT_EQ(r.tunes.size(), 2u) << "a key change starts a new tune";
    const Tune& t = r.tunes[0];
    EXPECT_EQ(t.name, "probe.abc tune 1: Probe");
    EXPECT_EQ(t.tonic_pc, 7);
    EXPECT_FALSE(t.minor);
    EXPECT_EQ(t.meter, (Meter{4, 4}));
    std::vector<int> pitches;
    for (const TuneNote& n : t.notes) pitches.push_back(n.pitch);
    // ^c lasts to the bar line; F is F# in G; the tie makes one note of G4-G2.
    EXPECT_EQ(pitches, (std::vector<int>{62, 67, 71, 73, 73, 69, 71, 69, 66, 69, 67}));
    EXPECT_EQ(t.notes[0].metric, 2) << "the pickup is the last beat of a bar, not a downbeat";
    EXPECT_EQ(t.notes[1].metric, 0);
    EXPECT_EQ(t.notes[3].metric, 1) << "the middle of 4/4";
    EXPECT_DOUBLE_EQ(t.notes[5].dur, 1.5);
    EXPECT_EQ(t.notes[6].metric, 3) << "off the beat";
    EXPECT_DOUBLE_EQ(t.notes.back().dur, 3.0) << "tied";
    ASSERT_EQ(t.chords.size(), 3u);
    EXPECT_EQ(t.chords[1].root_pc, 2);
    EXPECT_EQ(t.chords[1].kind, ChordKind::major);
    EXPECT_DOUBLE_EQ(t.chords[1].beat, 5.0);
}

TEST(AbcReader, KeyChangeTupletsBrokenRhythmAndNoteChords) {
    const AbcTunes r = read_abc(probe_abc, "probe.abc");
    const Tune& t = r.tunes.at(1);
    EXPECT_EQ(t.name, "probe.abc tune 1: Probe (part 2)");
    EXPECT_EQ(t.tonic_pc, 4);
    EXPECT_TRUE(t.minor);
    ASSERT_EQ(t.notes.size(), 7u);
    EXPECT_NEAR(t.notes[1].dur, 1.0 / 3, 1e-9);
    EXPECT_EQ(t.notes[1].metric, 3);
    EXPECT_DOUBLE_EQ(t.notes[3].dur, 0.75);
    EXPECT_DOUBLE_EQ(t.notes[4].dur, 0.25);
    EXPECT_EQ(t.notes[6].pitch, 71) << "a chord of notes gives its top note";
    ASSERT_EQ(t.chords.size(), 1u) << "the chord at the key change replaces the carried one";
    EXPECT_EQ(t.chords[0].root_pc, 4);
    EXPECT_EQ(t.chords[0].kind, ChordKind::minor);
}

TEST(AbcReader, WhatCannotBeUsedIsSkippedWithTheReason) {
    const AbcTunes r = read_abc(
        "X:1\nT:Odd\nK:Hx\nABc|\n\nX:2\nT:Empty\nK:D\n|]\n\nX:3\nT:Ok\n"
        "M:6/8\nK:Dm\nDEF GAB|\n",
        "mixed.abc");
    ASSERT_EQ(r.tunes.size(), 1u);
    EXPECT_EQ(r.tunes[0].tonic_pc, 2);
    EXPECT_TRUE(r.tunes[0].minor);
    EXPECT_EQ(r.tunes[0].notes[3].metric, 1) << "the second dotted beat of 6/8";
    EXPECT_EQ(r.tunes[0].notes[3].pitch, 67);
    ASSERT_EQ(r.skipped.size(), 2u);
    EXPECT_NE(r.skipped[0].find("Odd: key \"Hx\" cannot be read"), std::string::npos);
    EXPECT_NE(r.skipped[1].find("Empty: no notes"), std::string::npos);
}

TEST(AbcReader, NeverThrowsOnNonsense) {
    // A pipe tune is in A mixolydian.
    const AbcTunes pipes = read_abc("X:1\nT:Pipes\nK:HP\nAcf|\n", "pipes.abc");
    ASSERT_EQ(pipes.tunes.size(), 1u);
    EXPECT_EQ(pipes.tunes[0].tonic_pc, 9);
    EXPECT_EQ(pipes.tunes[0].notes[1].pitch, 73) << "C#";
    for (const char* text : {"", "K:", "X:1\nK:C\n\"", "X:1\nK:C\n(3", "X:1\nK:C\n[[[[",
                             "X:1\nL:0/0\nM:0/0\nK:C\nA0B/0C>>>>>>>>D|", "K:C\nA/////////////"})
        EXPECT_NO_THROW(read_abc(text, "nonsense.abc")) << text;
}

TEST(EstimateChords, TheTriadThatCoversEachBar) {
    Tune t;
    t.meter = {3, 4};
    const int notes[] = {60, 64, 67, 67, 71, 74, 69, 72, 76};  // C E G | G B D | A C E
    for (int i = 0; i < 9; ++i) t.notes.push_back({double(i), 1.0, notes[i], i % 3 ? 2 : 0});
    t.bar_starts = {0, 3, 6};
    estimate_chords(t);
    ASSERT_EQ(t.chords.size(), 3u);
    EXPECT_EQ(t.chords[0].root_pc, 0);
    EXPECT_EQ(t.chords[1].root_pc, 7);
    EXPECT_EQ(t.chords[1].kind, ChordKind::major);
    EXPECT_EQ(t.chords[2].root_pc, 9);
    EXPECT_EQ(t.chords[2].kind, ChordKind::minor);
}

MelodyModel model_of(const char* abc) {
    MelodyModel m;
    for (const Tune& t : read_abc(abc, "test.abc").tunes) m.learn(t);
    return m;
}

TEST(MelodyModel, ProbabilitiesSumToOneEvenForUnseenContexts) {
    const MelodyModel m = model_of(probe_abc);
    EXPECT_EQ(m.tunes(), 2u);
    EXPECT_EQ(m.notes(), 18u);
    for (int root : {-1, 0, 5, 11})
        for (int metric = 0; metric < 4; ++metric) {
            NoteContext c;
            c.tonic_pc = 3;
            c.previous_pitch = 70;
            c.notes_before = 3;
            c.previous_interval = 2;
            c.interval_before = -12;
            c.chord_root_pc = root;
            c.chord = root < 0 ? ChordKind::none : ChordKind::minor;
            c.metric = metric;
            const auto p = m.next(c);
            EXPECT_NEAR(std::accumulate(p.begin(), p.end(), 0.0), 1.0, 1e-9);
            for (double x : p) EXPECT_GT(x, 0.0);
            const auto f = m.first(c);
            EXPECT_NEAR(std::accumulate(f.begin(), f.end(), 0.0), 1.0, 1e-9);
        }
}

TEST(MelodyModel, LearnsRelativeToTheKey) {
    // One tune in G teaches D: the same context a fifth up predicts the same interval.
    const MelodyModel m = model_of(probe_abc);
    NoteContext in_g;
    in_g.tonic_pc = 7;
    in_g.previous_pitch = 71;  // B over G: after it came C# (+2)
    in_g.notes_before = 1;
    in_g.chord_root_pc = 7;
    in_g.chord = ChordKind::major;
    in_g.metric = 1;
    NoteContext in_d = in_g;
    in_d.tonic_pc = 2;
    in_d.previous_pitch = 66;
    in_d.chord_root_pc = 2;
    EXPECT_EQ(m.next(in_g), m.next(in_d));
    const auto p = m.next(in_g);
    EXPECT_EQ(std::max_element(p.begin(), p.end()) - p.begin(), 2 + model_max_interval);
}

TEST(MelodyModel, FileRoundTripsByteForByte) {
    const MelodyModel m = model_of(probe_abc);
    const std::string bytes = m.serialize();
    const MelodyModel back = MelodyModel::parse(bytes, "m.model");
    EXPECT_EQ(back.serialize(), bytes);
    EXPECT_EQ(back.tunes(), m.tunes());
    EXPECT_EQ(back.contexts(), m.contexts());
    EXPECT_EQ(bytes.substr(0, 8), "AMBMELOD");
}

void expect_unusable(const std::string& bytes, const std::string& says) {
    try {
        MelodyModel::parse(bytes, "bad.model");
        ADD_FAILURE() << "accepted a bad model of " << bytes.size() << " bytes";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::data);
        EXPECT_EQ(e.where().file, "bad.model");
        EXPECT_NE(std::string(e.what()).find(says), std::string::npos) << e.what();
    }
}

TEST(MelodyModel, TruncatedDamagedOrForeignFilesAreDataErrors) {
    const std::string bytes = model_of(probe_abc).serialize();
    for (std::size_t n = 0; n < bytes.size(); ++n)
        expect_unusable(bytes.substr(0, n), "not a usable melody model");
    for (std::size_t at = 8; at < bytes.size(); at += 7) {
        std::string damaged = bytes;
        damaged[at] ^= 0x20;
        expect_unusable(damaged, at < 12 ? "format version" : "checksum");
    }
    expect_unusable("MThd\0\0\0\6\0\1\0\2\1\xe0", "does not begin with AMBMELOD");
    expect_unusable(bytes + "x", "checksum");
}

// The hard rules over every key and mode, as melody_property_test checks them for the
// rules alone: with a model the pitches change, the rules do not.
struct RuleTally {
    long notes = 0, outside = 0, clashes = 0, out_of_range = 0, weak_strong_onsets = 0;
    long phrases = 0, phrases_changed = 0;
};

bool same_notes(const std::vector<MelodyNote>& a, const std::vector<MelodyNote>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const auto& x, const auto& y) {
        return x.beat == y.beat && x.dur == y.dur && x.pitch == y.pitch && x.vel == y.vel;
    });
}

void check_rules(const Phrase& p, const MelodySettings& s, RuleTally& t) {
    const Key key = phrase_key(p);
    for (const MelodyNote& n : p.melody) {
        ++t.notes;
        const ChordEvent* chord = chord_at(p, n.beat);
        const bool chord_tone = chord && is_chord_tone(*chord, n.pitch);
        t.outside += !key.contains(pitch_class(n.pitch)) && !chord_tone;
        t.clashes += clashes_with_chords(p, n.pitch, n.beat, n.beat + n.dur);
        t.out_of_range += n.pitch < s.low || n.pitch > s.high;
        t.weak_strong_onsets += is_strong_beat(p.meter, n.beat) && !chord_tone;
    }
}

void expect_rules_hold(const MelodyModel& model, double temperature) {
    MelodySettings rules, learned;
    learned.model = &model;
    learned.temperature = temperature;
    RuleTally t;
    for_every_key_and_mode(8, [&](Phrase& p, std::uint64_t seed) {
        Phrase by_rules = p;
        compose_melody(by_rules, rules, seed);
        compose_melody(p, learned, seed);
        Phrase again = p;
        compose_melody(again, learned, seed);
        EXPECT_TRUE(same_notes(again.melody, p.melody)) << "deterministic";
        check_rules(p, learned, t);
        ++t.phrases;
        t.phrases_changed += !same_notes(p.melody, by_rules.melody);
    });
    EXPECT_GT(t.notes, 12 * 7 * 8 * 4);
    EXPECT_EQ(t.outside, 0);
    EXPECT_EQ(t.clashes, 0);
    EXPECT_EQ(t.out_of_range, 0);
    EXPECT_EQ(t.weak_strong_onsets, 0) << "chord tones on strong beats";
    EXPECT_GT(t.phrases_changed, t.phrases * 3 / 4) << "the model chooses the pitches";
}

TEST(MelodyWithModel, EveryHardRuleHoldsInEveryKeyAndMode) {
    const MelodyModel m = model_of(probe_abc);
    for (double temperature : {0.05, 0.5, 2.0}) expect_rules_hold(m, temperature);
}

#ifdef AMBIENT_DEFAULT_MODEL
TEST(MelodyWithModel, TheDefaultModelToo) {
    std::ifstream in(AMBIENT_DEFAULT_MODEL, std::ios::binary);
    if (!in) GTEST_SKIP() << "no default model was built";
    std::stringstream bytes;
    bytes << in.rdbuf();
    const MelodyModel m = MelodyModel::parse(bytes.str(), AMBIENT_DEFAULT_MODEL);
    EXPECT_GT(m.tunes(), 50u);
    expect_rules_hold(m, 0.5);
}
#endif

TEST(MelodyWithModel, FollowsWhatItLearnt) {
    // Tunes that only climb by step teach a model that climbs: its melodies rise more often
    // than the rules' do.
    const MelodyModel up = model_of(
        "X:1\nT:Up\nM:4/4\nL:1/4\nK:C\n"
        "\"C\"CDEF|\"F\"GABc|\"G\"defg|\"C\"CDEF|\"F\"GABc|\n");
    auto rising_share = [&](const MelodyModel* model) {
        long up_steps = 0, intervals = 0;
        MelodySettings s;
        s.model = model;
        s.temperature = 0.3;
        for (std::uint64_t seed = 0; seed < 200; ++seed) {
            ChordSettings cs;
            cs.intensity = 0.8;
            Phrase p = compose_chords(cs, TransitionTable::builtin(Mode::ionian), seed, 0);
            compose_melody(p, s, seed);
            for (std::size_t i = 1; i < p.melody.size(); ++i, ++intervals)
                up_steps += p.melody[i].pitch > p.melody[i - 1].pitch;
        }
        return double(up_steps) / double(intervals);
    };
    const double rules = rising_share(nullptr), learned = rising_share(&up);
    EXPECT_GT(learned, rules + 0.1) << "rules " << rules << ", learned " << learned;
}

}  // namespace
}  // namespace ambient
