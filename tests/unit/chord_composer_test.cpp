#include "compose/chord_composer.hpp"

#include <gtest/gtest.h>

#include "compose/harmony.hpp"
#include "compose/pitch.hpp"
#include "phrase/phrase_json.hpp"

namespace ambient {
namespace {

ChordSettings settings(int tonic, Mode mode, double intensity = 0.5) {
    ChordSettings s;
    s.key = Key{tonic, mode};
    s.key_name = pitch_class_name(tonic);
    s.intensity = intensity;
    return s;
}

TEST(ChordComposer, PhrasesStartOnTheTonicAndFillTheBarsWithOneOrTwoBarChords) {
    for (Mode m : all_modes)
        for (std::uint64_t seed = 0; seed < 50; ++seed) {
            auto s = settings(static_cast<int>(seed % 12), m);
            Phrase p = compose_chords(s, TransitionTable::builtin(m), seed, 0);
            ASSERT_FALSE(p.chords.empty());
            EXPECT_EQ(parse_roman_numeral(p.chords[0].degree), 0);
            double at = 0;
            for (const ChordEvent& c : p.chords) {
                EXPECT_EQ(c.beat, at);
                EXPECT_EQ(c.bar * 4, c.beat);
                EXPECT_TRUE(c.beats == 4 || c.beats == 8) << c.beats;
                at += c.beats;
                // Every pitch is diatonic, and the root is the numeral's degree.
                for (int n : c.pitches) EXPECT_TRUE(s.key.contains(pitch_class(n)));
                EXPECT_EQ(pitch_class(c.root), s.key.degree_pc(*parse_roman_numeral(c.degree)));
            }
            EXPECT_EQ(at, p.total_beats());
            EXPECT_NO_THROW(phrase_key(p));
        }
}

TEST(ChordComposer, SameSeedSamePhraseAndASeedRemakesItsPhrase) {
    auto s = settings(2, Mode::dorian);
    ChordComposer a(s, std::nullopt, 1, 7), b(s, std::nullopt, 1, 7);
    Phrase third;
    for (int i = 0; i < 3; ++i) {
        third = a.next();
        EXPECT_EQ(format_phrase_line(third), format_phrase_line(b.next()));
    }
    // `--seed <phrase.seed> --phrases 1` makes the same chords again.
    ChordComposer again(s, std::nullopt, 1, third.seed);
    Phrase remade = again.next();
    EXPECT_EQ(phrase_to_json(remade)["chords"], phrase_to_json(third)["chords"]);
}

TEST(ChordComposer, ControlChangesApplyToTheNextPhrase) {
    ChordComposer c(settings(9, Mode::aeolian), std::nullopt, 1, 1);
    Phrase before = c.next();
    ControlValues v;
    v.key = "Eb";
    v.mode = Mode::lydian;
    v.bpm = 90;
    v.intensity = 0.9;
    c.apply(v);
    Phrase after = c.next();
    EXPECT_EQ(before.key, "A");
    EXPECT_EQ(after.key, "Eb");
    EXPECT_EQ(after.mode, "lydian");
    EXPECT_EQ(after.tonic, 51);
    EXPECT_EQ(after.bpm, 90);
    EXPECT_EQ(after.intensity, 0.9);
    EXPECT_EQ(after.seq, 1u);
    for (const ChordEvent& ch : after.chords)
        for (int n : ch.pitches) EXPECT_TRUE((Key{3, Mode::lydian}).contains(pitch_class(n)));
}

TEST(ChordComposer, IntensityBringsColourAndFasterHarmony) {
    int colours_low = 0, colours_high = 0, chords_low = 0, chords_high = 0;
    for (std::uint64_t seed = 0; seed < 300; ++seed) {
        Phrase calm = compose_chords(settings(0, Mode::ionian, 0.0),
                                     TransitionTable::builtin(Mode::ionian), seed, 0);
        Phrase busy = compose_chords(settings(0, Mode::ionian, 1.0),
                                     TransitionTable::builtin(Mode::ionian), seed, 0);
        chords_low += static_cast<int>(calm.chords.size());
        chords_high += static_cast<int>(busy.chords.size());
        for (auto& c : calm.chords) colours_low += !c.colour.empty();
        for (auto& c : busy.chords) colours_high += !c.colour.empty();
    }
    EXPECT_GT(colours_high, colours_low * 3 / 2);
    EXPECT_GT(chords_high, chords_low);
}

TEST(ChordComposer, FixedColourWhereItFits) {
    auto s = settings(0, Mode::ionian);
    s.colour = Colour::sus4;
    Phrase p = compose_chords(s, TransitionTable::builtin(Mode::ionian), 11, 0);
    for (const ChordEvent& c : p.chords) {
        int d = *parse_roman_numeral(c.degree);
        EXPECT_EQ(c.colour, colour_fits(s.key, d, Colour::sus4) ? "sus4" : "");
    }
}

TEST(ChordComposer, UserTableDrivesTheChain) {
    auto s = settings(9, Mode::aeolian);
    auto table = TransitionTable::from_json(
        Json::parse(R"({"transitions":{"i":{"VI":1},"VI":{"i":1}}})"), s.key);
    Phrase p = compose_chords(s, table, 5, 0);
    for (std::size_t i = 0; i < p.chords.size(); ++i)
        EXPECT_EQ(p.chords[i].degree, i % 2 ? "VI" : "i");
}

TEST(ChordComposer, KeyChangeModulatesThroughAPivotChordBothKeysShare) {
    // C major to G major: G's IV (C major) lies in both; the next phrase opens on it.
    ChordComposer c(settings(0, Mode::ionian), std::nullopt, 1, 3);
    c.next();
    ControlValues v;
    v.key = "G";
    c.apply(v);
    Phrase p = c.next();
    ASSERT_GE(p.chords.size(), 2u);
    EXPECT_EQ(p.chords[0].degree, "IV");
    EXPECT_TRUE(p.chords[0].extra.value("pivot", false));
    for (int n : p.chords[0].pitches) {
        EXPECT_TRUE((Key{0, Mode::ionian}).contains(pitch_class(n)));
        EXPECT_TRUE((Key{7, Mode::ionian}).contains(pitch_class(n)));
    }
    EXPECT_EQ(p.chords[0].beats, 4.0);
    double end = 0.0;  // still fills the phrase, chord after chord
    for (const ChordEvent& ch : p.chords) {
        EXPECT_DOUBLE_EQ(ch.beat, end);
        end = ch.beat + ch.beats;
    }
    EXPECT_DOUBLE_EQ(end, p.bars * 4.0);
    // The phrase after that starts on the tonic as ever.
    EXPECT_EQ(c.next().chords[0].degree, "I");
}

TEST(ChordComposer, NoPivotWhereTheKeysShareNoChord) {
    EXPECT_FALSE(pivot_degree(Key{0, Mode::ionian}, Key{6, Mode::ionian}));  // C to F#
    EXPECT_EQ(pivot_degree(Key{9, Mode::aeolian}, Key{2, Mode::dorian}),
              3);  // A minor to D dorian: G
    ChordComposer c(settings(0, Mode::ionian), std::nullopt, 1, 3);
    c.next();
    ControlValues v;
    v.key = "F#";
    c.apply(v);
    EXPECT_EQ(c.next().chords[0].degree, "I");
}

}  // namespace
}  // namespace ambient
