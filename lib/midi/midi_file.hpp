// Standard MIDI Files (SMF, format 1) from phrases: a conductor track with tempo, time
// and key signatures, then one track per part: pad, melody, percussion.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "midi/midi_notes.hpp"
#include "phrase/phrase.hpp"

namespace ambient {

struct MidiFileSettings {
    int ticks_per_quarter = 480;
    MidiMapping mapping;
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
    void note(int track, std::int64_t on, std::int64_t off, int channel, int pitch, int velocity);

    MidiFileSettings s_;
    std::vector<std::vector<Event>> tracks_;  // 0 conductor, 1 pad, 2 melody, 3 percussion
    std::int64_t start_ = 0;                  // tick where the next phrase begins
    double last_bpm_ = -1;
    std::string last_meter_, last_key_;
    int notes_ = 0;
};

// Writes the bytes to `path` ("-" is stdout): Error(io) naming the path on failure.
void write_midi_file(const std::string& path, const std::string& bytes);

// The key signature (sharps > 0, flats < 0; minor flag) of a key in a mode, spelt as given.
std::pair<int, bool> key_signature(const std::string& key, const std::string& mode);

}  // namespace ambient
