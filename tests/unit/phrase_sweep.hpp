// What the melody's property tests run over: phrases of chords in all 12 tonics x 7 modes,
// `seeds` of each, with the intensity and the chord table varying with the seed.
#pragma once

#include <cstdint>

#include "compose/chord_composer.hpp"
#include "compose/pitch.hpp"

namespace ambient {

template <typename Visit>  // Visit(Phrase& chords_only, std::uint64_t seed)
void for_every_key_and_mode(std::uint64_t seeds, Visit&& visit) {
    for (int tonic = 0; tonic < 12; ++tonic)
        for (Mode mode : all_modes)
            for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
                ChordSettings cs;
                cs.key = Key{tonic, mode};
                cs.key_name = pitch_class_name(tonic, tonic == 3 || tonic == 10);
                cs.intensity = static_cast<double>(seed % 5) / 4.0;
                Phrase p = compose_chords(cs, TransitionTable::builtin(mode, 1 + seed % 2),
                                          seed * 7919 + tonic, 0);
                visit(p, seed);
            }
}

}  // namespace ambient
