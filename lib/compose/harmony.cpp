#include "compose/harmony.hpp"

#include <cmath>

#include "compose/pitch.hpp"
#include "phrase/phrase_json.hpp"

namespace ambient {

Key phrase_key(const Phrase& p) {
    auto pc = parse_pitch_class(p.key);
    if (!pc)
        throw PhraseFormatError("key: unknown key \"" + p.key + "\" (expected C, C#, Db, … B)");
    auto mode = parse_mode(p.mode);
    if (!mode) throw PhraseFormatError("mode: unknown mode \"" + p.mode + "\"");
    if (pitch_class(p.tonic) != *pc)
        throw PhraseFormatError("tonic: " + std::to_string(p.tonic) + " is not a " + p.key);
    return Key{*pc, *mode};
}

const ChordEvent* chord_at(const Phrase& p, double beat) {
    const ChordEvent* found = nullptr;
    for (const ChordEvent& c : p.chords)
        if (c.beat <= beat && beat < c.beat + c.beats) found = &c;  // the latest one starting wins
    return found;
}

std::vector<const ChordEvent*> chords_during(const Phrase& p, double start, double end) {
    std::vector<const ChordEvent*> out;
    for (const ChordEvent& c : p.chords)
        if (c.beat < end && start < c.beat + c.beats) out.push_back(&c);
    return out;
}

bool is_chord_tone(const ChordEvent& c, int pitch) {
    for (int t : c.pitches)
        if (pitch_class(t) == pitch_class(pitch)) return true;
    return false;
}

bool clashes_with_chords(const Phrase& p, int pitch, double start, double end) {
    for (const ChordEvent* c : chords_during(p, start, end))
        for (int t : c->pitches)
            if (forms_semitone(t, pitch)) return true;
    return false;
}

bool is_strong_beat(const Meter& m, double beat) {
    double in_bar = std::fmod(beat, static_cast<double>(m.beats));
    return in_bar == 0.0 || (m.beats % 2 == 0 && m.beats > 2 && in_bar == m.beats / 2);
}

}  // namespace ambient
