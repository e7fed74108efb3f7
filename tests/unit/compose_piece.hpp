// Phrases for the tests of what plays them (renderer, MIDI): chords, melody and percussion
// composed in-process from a seed, as the three composers would in a pipe.
#pragma once

#include <vector>

#include "compose/chord_composer.hpp"
#include "compose/melody.hpp"
#include "compose/percussion.hpp"

namespace ambient {

inline std::vector<Phrase> compose_piece(const ChordSettings& settings, std::uint64_t seed,
                                         int count) {
    ChordComposer composer(settings, std::nullopt, 1, seed);
    std::vector<Phrase> phrases;
    for (int i = 0; i < count; ++i) {
        Phrase p = composer.next();
        compose_melody(p, MelodySettings{}, 0);
        compose_percussion(p, PercussionSettings{}, 0);
        phrases.push_back(p);
    }
    return phrases;
}

}  // namespace ambient
