// Pitch classes and note names: the 12 tonics spelt with sharps or flats.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace ambient {

// "C", "c#", "Db", "F♯", "Bb", "Cb"… -> 0..11; nullopt if not a note name.
std::optional<int> parse_pitch_class(std::string_view name);

// 0..11 -> "C", "C#"/"Db", …
std::string pitch_class_name(int pc, bool flats = false);

// Pitch class of a MIDI note (also for negative offsets).
constexpr int pitch_class(int midi) {
    return ((midi % 12) + 12) % 12;
}

// The MIDI note a phrase records as its tonic: the key's note in the octave from C3 (48).
constexpr int tonic_midi(int pc) {
    return 48 + pitch_class(pc);
}

// True when two pitch classes are a semitone apart in either direction (interval class 1:
// semitone, major seventh, minor ninth), the clash the composers never write.
constexpr bool forms_semitone(int a, int b) {
    int d = pitch_class(a - b);
    return d == 1 || d == 11;
}

}  // namespace ambient

namespace ambient {

// A MIDI note from a number ("60") or a name with its octave ("C4" = 60, "Bb3" = 58).
std::optional<int> parse_midi_note(std::string_view text);

}  // namespace ambient

namespace ambient {

// "LOW:HIGH" with MIDI numbers or note names ("60:84", "C4:C6"); low < high.
std::optional<std::pair<int, int>> parse_note_range(std::string_view text);

}  // namespace ambient
