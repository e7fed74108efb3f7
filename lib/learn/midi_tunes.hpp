// A tune from a Standard MIDI File, for learning: the melody is the track whose name says
// it is one (melody, lead, voice, vocal, solo, tune, flute, violin…), else the highest voice
// of every channel but the drums (10). Chords come from the other notes where the file has
// any (the best major or minor triad per half bar), else they are estimated from the
// melody. The key is the file's key signature, else estimated from all notes (Krumhansl and
// Kessler's profiles); the meter is the first time signature.
#pragma once

#include <string>
#include <string_view>

#include "compose/tune.hpp"

namespace ambient {

// Error(data) naming `file` for a file that is not MIDI or has no notes to learn from.
Tune read_midi_tune(std::string_view bytes, const std::string& file);

}  // namespace ambient
