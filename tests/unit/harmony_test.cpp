#include "compose/harmony.hpp"

#include <gtest/gtest.h>

#include "compose/chord_composer.hpp"
#include "compose/melody.hpp"
#include "compose/percussion.hpp"
#include "phrase/phrase_json.hpp"

namespace ambient {
namespace {

Phrase two_chords() {
    Phrase p;  // A aeolian: Am for bar 0, F for bar 1
    p.bars = 2;
    p.chords.push_back(ChordEvent{0, 0.0, 4.0, "i", "", 57, {57, 60, 64}, Json::object()});
    p.chords.push_back(ChordEvent{1, 4.0, 4.0, "VI", "", 53, {53, 57, 60}, Json::object()});
    return p;
}

TEST(Harmony, ChordAtAndDuring) {
    Phrase p = two_chords();
    EXPECT_EQ(chord_at(p, 0.0)->degree, "i");
    EXPECT_EQ(chord_at(p, 3.99)->degree, "i");
    EXPECT_EQ(chord_at(p, 4.0)->degree, "VI");
    EXPECT_EQ(chord_at(p, 8.0), nullptr);
    EXPECT_EQ(chords_during(p, 3.0, 4.0).size(), 1u) << "a note ending as the chord changes";
    EXPECT_EQ(chords_during(p, 3.0, 4.5).size(), 2u) << "a note held into the next chord";
}

TEST(Harmony, ClashesIncludeAChordThatBeginsDuringTheNote) {
    Phrase p = two_chords();
    // E (64) fits Am but is a semitone under F: fine until beat 4, a clash when held past it.
    EXPECT_FALSE(clashes_with_chords(p, 76, 2.0, 4.0));
    EXPECT_TRUE(clashes_with_chords(p, 76, 2.0, 5.0));
    EXPECT_TRUE(clashes_with_chords(p, 70, 0.0, 1.0));  // Bb against A
    EXPECT_TRUE(is_chord_tone(p.chords[0], 76));
}

TEST(Harmony, StrongBeats) {
    Meter four{4, 4}, three{3, 4}, six{6, 4};
    EXPECT_TRUE(is_strong_beat(four, 0.0));
    EXPECT_TRUE(is_strong_beat(four, 2.0));
    EXPECT_TRUE(is_strong_beat(four, 6.0));
    EXPECT_FALSE(is_strong_beat(four, 1.0));
    EXPECT_FALSE(is_strong_beat(four, 2.5));
    EXPECT_TRUE(is_strong_beat(three, 3.0));
    EXPECT_FALSE(is_strong_beat(three, 1.5));
    EXPECT_TRUE(is_strong_beat(six, 3.0));
}

TEST(Harmony, PhraseKeyValidatesKeyModeAndTonic) {
    Phrase p = two_chords();
    EXPECT_EQ(phrase_key(p).tonic_pc, 9);
    p.mode = "minor";
    EXPECT_EQ(phrase_key(p).mode, Mode::aeolian);
    p.tonic = 58;
    EXPECT_THROW(phrase_key(p), PhraseFormatError);
    p.tonic = 57;
    p.key = "X";
    EXPECT_THROW(phrase_key(p), PhraseFormatError);
}

TEST(Harmony, OtherMetersKeepEveryRule) {
    for (int beats : {3, 5, 6}) {
        for (std::uint64_t seed = 0; seed < 100; ++seed) {
            ChordSettings s;
            s.meter = Meter{beats, 4};
            s.intensity = 0.8;
            Phrase p = compose_chords(s, TransitionTable::builtin(Mode::aeolian), seed, 0);
            compose_melody(p, MelodySettings{}, 0);
            compose_percussion(p, PercussionSettings{}, 0);
            EXPECT_EQ(p.total_beats(), 8.0 * beats);
            for (const MelodyNote& n : p.melody) {
                EXPECT_FALSE(clashes_with_chords(p, n.pitch, n.beat, n.beat + n.dur));
                if (is_strong_beat(p.meter, n.beat)) {
                    EXPECT_TRUE(is_chord_tone(*chord_at(p, n.beat), n.pitch));
                }
                EXPECT_LE(n.beat + n.dur, p.total_beats());
            }
            for (const PercussionEvent& e : p.percussion)
                EXPECT_LE(e.beat + e.dur, p.total_beats());
        }
    }
}

}  // namespace
}  // namespace ambient
