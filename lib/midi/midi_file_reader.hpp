// Reading Standard MIDI Files back: enough to check what the writer wrote (tests) and
// to inspect a file (every channel and meta event, with absolute ticks).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ambient {

struct MidiFileEvent {
    std::int64_t tick = 0;
    std::uint8_t status = 0;  // 0xFF for meta events
    std::uint8_t meta = 0;    // the meta type when status is 0xFF
    std::string data;         // data bytes (the meta body for meta events)
};

struct MidiFileData {
    int format = 0;
    int division = 0;
    std::vector<std::vector<MidiFileEvent>> tracks;
};

// Throws Error(data) saying what is wrong and at which byte.
MidiFileData read_midi_file(std::string_view bytes);

}  // namespace ambient
