// A melody over chords, as the melody model learns from it and is conditioned on: pitches
// are MIDI notes, the key says what they are relative to, and each note knows where in the
// bar it falls, so one tune teaches every key.
#pragma once

#include <string>
#include <vector>

#include "phrase/phrase.hpp"

namespace ambient {

// How strong a position in the bar is: 0 the bar's first beat, 1 another strong beat (the
// middle of 4/4, each dotted beat of 6/8), 2 another beat, 3 between beats.
int metric_level(const Meter& meter, double beat_in_bar);

enum class ChordKind { major, minor, other, none };

// A chord's kind from its tones: a major or minor third over the root, else other.
ChordKind chord_kind(int root_pc, const std::vector<int>& pitches);

struct TuneChord {
    double beat = 0;  // from the tune's start, in the meter's beats
    int root_pc = 0;
    ChordKind kind = ChordKind::major;
};

struct TuneNote {
    double beat = 0;  // from the tune's start, in the meter's beats
    double dur = 1;
    int pitch = 60;
    int metric = 0;  // metric_level of its start
};

struct Tune {
    std::string name;  // "file.abc: title"
    int tonic_pc = 0;
    bool minor = false;  // the key's third is minor
    Meter meter;         // the first; the notes' metric levels follow any later change
    std::vector<TuneNote> notes;
    std::vector<TuneChord> chords;   // sorted by beat; a chord sounds until the next
    std::vector<double> bar_starts;  // where bars begin, in beats (for estimating chords)

    // The chord sounding at `beat`, or nullptr before the first.
    const TuneChord* chord_at(double beat) const;
};

// A phrase as a tune: its melody over its chords.
Tune tune_of_phrase(const Phrase& p);

// For a tune without chords: one chord per bar (two in bars of four beats or more), the
// major or minor triad of the key that best covers the notes there, weighted by length and
// by how strong a place they start on.
void estimate_chords(Tune& tune);

}  // namespace ambient
