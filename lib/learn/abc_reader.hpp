// Tunes from ABC notation (abcnotation.com, standard 2.1), as much of it as melodies and
// chord symbols need: header fields (X T M L K), notes with accidentals, octaves and
// lengths, rests, ties, broken rhythm, tuplets, chords of notes (their top note), chord
// symbols in quotes ("Am", "D7", "G/b"), bar lines; key and meter changes inside a tune.
// Decorations, grace notes, lyrics and voices after the first are skipped. A key change
// starts a new tune, so every tune has one key.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "compose/tune.hpp"

namespace ambient {

struct AbcTunes {
    std::vector<Tune> tunes;
    std::vector<std::string> skipped;  // "TITLE: why", for the report
};

// Never throws on odd notation: what cannot be read is skipped (a whole tune when its key
// cannot be read or it has no notes).
AbcTunes read_abc(std::string_view text, const std::string& file);

}  // namespace ambient
