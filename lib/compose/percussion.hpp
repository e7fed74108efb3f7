// ambient-perc's craft: sparse percussion and texture over a phrase.
//
// Four kinds, each thinning out as intensity falls (none at all at 0):
//   kick  - on the first beat of every fourth, second or every bar as intensity rises;
//   swell - a noise swell that rises into a chord change;
//   bell  - a pitched bell on a tone of the chord it sounds over, high, never a semitone
//           from any chord it rings into;
//   noise - a quiet noise bed under the phrase, and soft off-beat ticks when intense.
#pragma once

#include <cstdint>
#include <optional>

#include "phrase/phrase.hpp"

namespace ambient {

struct PercussionSettings {
    std::optional<double> density;  // 0..1; nullopt: the phrase's intensity
    int bell_low = 72;              // bells' register, MIDI notes
    int bell_high = 96;
};

// Replaces the phrase's percussion with events made from `tool_seed` and the phrase's seed,
// sorted by beat.
void compose_percussion(Phrase& p, const PercussionSettings& s, std::uint64_t tool_seed);

}  // namespace ambient
