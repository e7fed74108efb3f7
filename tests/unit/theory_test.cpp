// Note names, modes and diatonic chords.
#include <gtest/gtest.h>

#include "compose/chord.hpp"
#include "compose/mode.hpp"
#include "compose/pitch.hpp"

namespace ambient {
namespace {

TEST(Pitch, ParsesAllTwelveTonicsWithSharpsAndFlats) {
    const char* sharps[] = {"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"};
    const char* flats[] = {"C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B"};
    for (int pc = 0; pc < 12; ++pc) {
        EXPECT_EQ(parse_pitch_class(sharps[pc]), pc);
        EXPECT_EQ(parse_pitch_class(flats[pc]), pc);
        EXPECT_EQ(pitch_class_name(pc), sharps[pc]);
        EXPECT_EQ(pitch_class_name(pc, true), flats[pc]);
    }
    EXPECT_EQ(parse_pitch_class("f\u266F"), 6);
    EXPECT_EQ(parse_pitch_class("Cb"), 11);
    EXPECT_EQ(parse_pitch_class("E#"), 5);
    EXPECT_FALSE(parse_pitch_class("H"));
    EXPECT_FALSE(parse_pitch_class("C##"));
    EXPECT_FALSE(parse_pitch_class(""));
}

TEST(Pitch, MidiNotesByNumberOrName) {
    EXPECT_EQ(parse_midi_note("60"), 60);
    EXPECT_EQ(parse_midi_note("C4"), 60);
    EXPECT_EQ(parse_midi_note("A4"), 69);
    EXPECT_EQ(parse_midi_note("Bb3"), 58);
    EXPECT_EQ(parse_midi_note("Cb4"), 59);
    EXPECT_EQ(parse_midi_note("C-1"), 0);
    EXPECT_FALSE(parse_midi_note("128"));
    EXPECT_FALSE(parse_midi_note("X4"));
    EXPECT_EQ(parse_note_range("C4:C6"), (std::pair{60, 84}));
    EXPECT_FALSE(parse_note_range("84:60"));
    EXPECT_FALSE(parse_note_range("60"));
}

TEST(Pitch, SemitoneClashIsIntervalClassOne) {
    EXPECT_TRUE(forms_semitone(60, 61));
    EXPECT_TRUE(forms_semitone(60, 71));  // major seventh
    EXPECT_TRUE(forms_semitone(60, 73));  // minor ninth
    EXPECT_FALSE(forms_semitone(60, 62));
    EXPECT_FALSE(forms_semitone(60, 72));
}

TEST(Mode, NamesAndAliases) {
    EXPECT_EQ(parse_mode("major"), Mode::ionian);
    EXPECT_EQ(parse_mode("Minor"), Mode::aeolian);
    for (Mode m : all_modes) EXPECT_EQ(parse_mode(mode_name(m)), m);
    EXPECT_FALSE(parse_mode("hypodorian"));
}

TEST(Mode, ScalesAreRotationsOfTheMajorScale) {
    // Each mode's steps are the ionian steps started from another degree.
    const auto& major = mode_intervals(Mode::ionian);
    for (std::size_t m = 0; m < 7; ++m) {
        const auto& iv = mode_intervals(all_modes[m]);
        for (std::size_t d = 0; d < 7; ++d) {
            int expect = (major[(d + m) % 7] - major[m] + 12) % 12;
            EXPECT_EQ(iv[d], expect) << mode_name(all_modes[m]) << " degree " << d;
        }
    }
}

TEST(Key, DegreesWrapAcrossOctaves) {
    Key d_dorian{2, Mode::dorian};
    EXPECT_EQ(d_dorian.degree_pc(0), 2);
    EXPECT_EQ(d_dorian.degree_pc(5), 11);  // B natural: dorian's raised sixth
    EXPECT_EQ(d_dorian.degree_pc(7), 2);
    EXPECT_EQ(d_dorian.degree_pc(-1), 0);
    EXPECT_EQ(d_dorian.degree_of(11), 5);
    EXPECT_EQ(d_dorian.degree_of(10), -1);
}

TEST(Chord, RomanNumeralsFollowTheMode) {
    Key c_major{0, Mode::ionian};
    const char* expect[] = {"I", "ii", "iii", "IV", "V", "vi", "vii\u00B0"};
    for (int d = 0; d < 7; ++d) EXPECT_EQ(roman_numeral(c_major, d), expect[d]);
    Key a_dorian{9, Mode::dorian};
    EXPECT_EQ(roman_numeral(a_dorian, 3), "IV");
    EXPECT_EQ(roman_numeral(Key{9, Mode::aeolian}, 3), "iv");
    EXPECT_EQ(parse_roman_numeral("vii\u00B0"), 6);
    EXPECT_EQ(parse_roman_numeral("viio"), 6);
    EXPECT_EQ(parse_roman_numeral("IV"), 3);
    EXPECT_EQ(parse_roman_numeral("iv"), 3);
    EXPECT_FALSE(parse_roman_numeral("VIII"));
    EXPECT_FALSE(parse_roman_numeral("o"));
}

TEST(Chord, PitchClassesAndColours) {
    Key c_major{0, Mode::ionian};
    EXPECT_EQ(chord_pitch_classes(c_major, 0, Colour::triad), (std::vector<int>{0, 4, 7}));
    EXPECT_EQ(chord_pitch_classes(c_major, 1, Colour::seventh), (std::vector<int>{2, 5, 9, 0}));
    EXPECT_EQ(chord_pitch_classes(c_major, 0, Colour::add9), (std::vector<int>{0, 4, 7, 2}));
    EXPECT_EQ(chord_pitch_classes(c_major, 4, Colour::sus4), (std::vector<int>{7, 0, 2}));
    // IV's diatonic fourth is augmented (F-B): no sus4 there; iii's second is a semitone: no add9.
    EXPECT_FALSE(colour_fits(c_major, 3, Colour::sus4));
    EXPECT_FALSE(colour_fits(c_major, 2, Colour::add9));
    EXPECT_FALSE(colour_fits(c_major, 6, Colour::sus2));  // diminished fifth
    EXPECT_TRUE(colour_fits(c_major, 0, Colour::sus2));
    EXPECT_EQ(parse_colour("7"), Colour::seventh);
    EXPECT_EQ(parse_colour("triad"), Colour::triad);
    EXPECT_FALSE(parse_colour("maj13"));
}

TEST(Chord, QualitiesPerMode) {
    EXPECT_EQ(triad_quality(Key{0, Mode::locrian}, 0), Quality::diminished);
    EXPECT_EQ(triad_quality(Key{0, Mode::lydian}, 1), Quality::major);
    EXPECT_EQ(triad_quality(Key{0, Mode::mixolydian}, 6), Quality::major);
    EXPECT_EQ(triad_quality(Key{0, Mode::phrygian}, 1), Quality::major);
}

}  // namespace
}  // namespace ambient
