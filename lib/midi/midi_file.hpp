// Standard MIDI Files (SMF, format 1) from phrases: a conductor track with tempo, time
// and key signatures, then one track per part: pad, melody, percussion.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "phrase/phrase.hpp"

namespace ambient {

struct MidiFileSettings {
    int ticks_per_quarter = 480;
    int pad_channel = 0;      // 0-based: MIDI channel 1
    int melody_channel = 1;   // channel 2
    int drum_channel = 9;     // channel 10, General MIDI drums
    int bell_channel = 2;     // bells are pitched: a melodic channel of their own
    int pad_program = 89;     // GM "Pad 2 (warm)", 0-based; -1: no program change
    int melody_program = 73;  // GM "Flute"
    int bell_program = 14;    // GM "Tubular Bells"
    // Drum notes for the unpitched kinds (GM: 36 bass drum, 52 Chinese cymbal, 82 shaker).
    std::map<std::string, int> drum_notes = {{"kick", 36}, {"swell", 52}, {"noise", 82}};
};

class MidiFileWriter {
  public:
    explicit MidiFileWriter(MidiFileSettings s = {});
    // Appends a phrase after the ones before it.
    void add(const Phrase& p);
    // The whole file.
    std::string bytes() const;
    int notes() const { return notes_; }

  private:
    struct Event {
        std::int64_t tick;
        int order;  // at the same tick: meta, then note-offs, then program changes, then note-ons
        std::string data;
    };
    void note(int track, std::int64_t on, std::int64_t off, int channel, int pitch,
              double velocity);

    MidiFileSettings s_;
    std::vector<std::vector<Event>> tracks_;  // 0 conductor, 1 pad, 2 melody, 3 percussion
    std::int64_t start_ = 0;                  // tick where the next phrase begins
    double last_bpm_ = -1;
    std::string last_meter_, last_key_;
    int notes_ = 0;
};

// The key signature (sharps > 0, flats < 0; minor flag) of a key in a mode, spelt as given.
std::pair<int, bool> key_signature(const std::string& key, const std::string& mode);

}  // namespace ambient
