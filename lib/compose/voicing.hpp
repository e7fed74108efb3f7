// Pad voicings with smooth voice leading.
//
// Every placement of the chord's pitch classes inside the register is scored: how far
// the voices move from the previous chord (the main term: pads should glide, not jump),
// a drift term that keeps the voicing near the middle of the register, and small
// penalties for inversions, for muddy close intervals low down and for hollow gaps. The cheapest
// wins; with at most 4 notes and a two-octave register that is under a hundred candidates.
#pragma once

#include <vector>

namespace ambient {

struct Register {
    int low = 48;   // C3
    int high = 72;  // C5
};

// MIDI notes, low to high, voicing `pcs` (root first) after `previous` (empty for the first chord).
std::vector<int> voice_chord(const std::vector<int>& pcs, const std::vector<int>& previous,
                             Register reg = {});

// Total semitones the voices move between two voicings (each note to its nearest partner,
// both ways), the measure voice_chord minimises.
int voice_movement(const std::vector<int>& from, const std::vector<int>& to);

}  // namespace ambient
