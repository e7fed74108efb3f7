#include "midi/midi_notes.hpp"

#include <algorithm>
#include <cmath>

namespace ambient {

namespace {
int velocity_byte(double v) {
    return std::clamp(static_cast<int>(std::lround(v * 127.0)), 1, 127);
}
constexpr double drum_beats = 0.25;  // drums are hits: a short note
}  // namespace

std::vector<MidiNote> phrase_midi_notes(const Phrase& p, const MidiMapping& m) {
    std::vector<MidiNote> notes;
    for (const ChordEvent& c : p.chords)
        for (int pitch : c.pitches)
            notes.push_back({MidiPart::pad, m.pad_channel, pitch, velocity_byte(0.6), c.beat,
                             c.beat + c.beats});
    for (const MelodyNote& n : p.melody)
        notes.push_back({MidiPart::melody, m.melody_channel, n.pitch, velocity_byte(n.vel), n.beat,
                         n.beat + n.dur});
    for (const PercussionEvent& e : p.percussion) {
        const PercussionSound sound = percussion_sound(e);
        if (sound == PercussionSound::bell) {
            notes.push_back({MidiPart::percussion, m.bell_channel, *e.pitch, velocity_byte(e.vel),
                             e.beat, e.beat + e.dur});
            continue;
        }
        auto drum = m.drum_notes.find(sound);
        if (drum == m.drum_notes.end()) continue;  // no drum note: the noise bed, unknown kinds
        // A swell marks the chord it rises into.
        double at = sound == PercussionSound::swell ? e.beat + e.dur : e.beat;
        at = std::min(at, p.total_beats() - drum_beats);
        notes.push_back({MidiPart::percussion, m.drum_channel, drum->second, velocity_byte(e.vel),
                         at, at + drum_beats});
    }
    std::stable_sort(notes.begin(), notes.end(),
                     [](const MidiNote& a, const MidiNote& b) { return a.start < b.start; });
    return notes;
}

std::vector<int> mapping_channels(const MidiMapping& m) {
    std::vector<int> c = {m.pad_channel, m.melody_channel, m.bell_channel, m.drum_channel};
    std::sort(c.begin(), c.end());
    c.erase(std::unique(c.begin(), c.end()), c.end());
    return c;
}

}  // namespace ambient
