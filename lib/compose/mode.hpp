// The seven diatonic modes and a key (tonic + mode) with its scale.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace ambient {

enum class Mode { ionian, dorian, phrygian, lydian, mixolydian, aeolian, locrian };

inline constexpr std::array<Mode, 7> all_modes = {Mode::ionian, Mode::dorian,     Mode::phrygian,
                                                  Mode::lydian, Mode::mixolydian, Mode::aeolian,
                                                  Mode::locrian};

// Other names a mode is known by.
struct ModeAlias {
    std::string_view name;
    Mode mode;
};
inline constexpr std::array<ModeAlias, 2> mode_aliases = {
    {{"major", Mode::ionian}, {"minor", Mode::aeolian}}};

// "dorian", "Dorian", or an alias ("major", "Minor").
std::optional<Mode> parse_mode(std::string_view name);
std::string_view mode_name(Mode mode);

// Semitones above the tonic of the seven scale degrees.
const std::array<int, 7>& mode_intervals(Mode mode);

struct Key {
    int tonic_pc = 9;  // 0..11
    Mode mode = Mode::aeolian;

    // Pitch class of scale degree `degree` (0-based; wraps past the octave).
    int degree_pc(int degree) const;
    // Scale degree (0..6) of a pitch class, or -1 when it is outside the scale.
    int degree_of(int pc) const;
    bool contains(int pc) const { return degree_of(pc) >= 0; }
};

}  // namespace ambient
