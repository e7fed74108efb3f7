// ambient-melody's craft: a constraint-based melody over a phrase's chords.
//
// Rules, in order of strength:
//   1. never a semitone (interval class 1) against any tone of any chord the note sounds
//      over, including a chord that begins while it is held (the note is shortened to the
//      chord change, or becomes a rest, when nothing fits);
//   2. notes come from the mode's scale or the sounding chord's own tones;
//   3. a note starting on a strong beat (1 and 3 in 4/4) is a chord tone;
//   4. a leap (a fourth or more) is followed by a step back the other way when one fits;
//   5. otherwise steps are preferred to skips, and pitches follow an arch per
//      sub-phrase (two or four bars) with a breath between sub-phrases.
// Density (notes per bar, and how long they are) follows intensity unless set.
//
// With a learned model (melody_model.hpp) the pitches are drawn from the model among the
// notes the hard rules (1-3) allow, so the rules hold by construction; the rhythm, the
// breaths and the arch's range still come from the rules above.
#pragma once

#include <cstdint>
#include <optional>

#include "phrase/phrase.hpp"

namespace ambient {

class MelodyModel;

struct MelodySettings {
    int low = 60;                        // lowest MIDI note
    int high = 84;                       // highest MIDI note
    std::optional<double> density;       // 0..1; nullopt: from the phrase's intensity
    const MelodyModel* model = nullptr;  // nullptr: the rules choose the pitches
    double temperature = 0.5;            // > 0: how far from the model's likeliest notes
};

// Replaces the phrase's melody with one made from `tool_seed` and the phrase's own seed.
// Throws PhraseFormatError when the phrase's key or mode is unknown.
void compose_melody(Phrase& p, const MelodySettings& s, std::uint64_t tool_seed);

}  // namespace ambient
