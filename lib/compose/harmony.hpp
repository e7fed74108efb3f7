// Questions the composers ask of a phrase's harmony: its key, the chord at a beat, the
// chords under a note, whether a pitch clashes with them.
#pragma once

#include <vector>

#include "compose/mode.hpp"
#include "phrase/phrase.hpp"

namespace ambient {

// The phrase's key from its `key` and `mode` fields. Throws PhraseFormatError naming
// the field when either is unknown or `tonic` is not the key's note.
Key phrase_key(const Phrase& p);

// The chord sounding at `beat`, or nullptr where no chord sounds.
const ChordEvent* chord_at(const Phrase& p, double beat);

// Every chord that sounds during [start, end).
std::vector<const ChordEvent*> chords_during(const Phrase& p, double start, double end);

bool is_chord_tone(const ChordEvent& c, int pitch);

// True when `pitch` is a semitone (interval class 1) from any tone of any chord sounding
// during [start, end), including chords that begin while the note is held.
bool clashes_with_chords(const Phrase& p, int pitch, double start, double end);

// Beat 1 of every bar, and the middle of bars with an even number of beats (1 and 3 in 4/4).
bool is_strong_beat(const Meter& m, double beat);

}  // namespace ambient
