// What a phrase sounds like as MIDI notes: which part, channel, pitch and velocity, and
// when in the phrase's beats. The file writer and the real-time player both start here.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "phrase/phrase.hpp"

namespace ambient {

enum class MidiPart { pad = 1, melody = 2, percussion = 3 };

struct MidiMapping {
    int pad_channel = 0;      // 0-based: MIDI channel 1
    int melody_channel = 1;   // channel 2
    int drum_channel = 9;     // channel 10, General MIDI drums
    int bell_channel = 2;     // bells are pitched: a melodic channel of their own
    int pad_program = 89;     // GM "Pad 2 (warm)", 0-based; -1: no program change
    int melody_program = 73;  // GM "Flute"
    int bell_program = 14;    // GM "Tubular Bells"
    // Drum notes for the unpitched sounds (GM: 36 bass drum, 52 Chinese cymbal, 82 shaker).
    std::map<PercussionSound, int> drum_notes = {
        {PercussionSound::kick, 36}, {PercussionSound::swell, 52}, {PercussionSound::tick, 82}};
};

struct MidiNote {
    MidiPart part;
    int channel;
    int pitch;
    int velocity;  // 1..127
    double start;  // beats from the start of the phrase
    double end;
};

// The notes of a phrase: every chord tone on the pad channel, the melody, bells on their
// channel, the other percussion as drum notes (a swell sounds where it arrives; the long
// noise bed has no MIDI sound). Sorted by start.
std::vector<MidiNote> phrase_midi_notes(const Phrase& p, const MidiMapping& m);

// The channels the mapping sends on.
std::vector<int> mapping_channels(const MidiMapping& m);

}  // namespace ambient
