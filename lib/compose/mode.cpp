#include "compose/mode.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include "compose/pitch.hpp"

namespace ambient {

namespace {
constexpr std::array<std::string_view, 7> names = {"ionian",     "dorian",  "phrygian", "lydian",
                                                   "mixolydian", "aeolian", "locrian"};
}

std::optional<Mode> parse_mode(std::string_view name) {
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const ModeAlias& alias : mode_aliases)
        if (lower == alias.name) return alias.mode;
    for (std::size_t i = 0; i < names.size(); ++i)
        if (lower == names[i]) return all_modes[i];
    return std::nullopt;
}

std::string_view mode_name(Mode mode) {
    return names[static_cast<std::size_t>(mode)];
}

const std::array<int, 7>& mode_intervals(Mode mode) {
    static constexpr std::array<std::array<int, 7>, 7> table = {{
        {0, 2, 4, 5, 7, 9, 11},  // ionian
        {0, 2, 3, 5, 7, 9, 10},  // dorian
        {0, 1, 3, 5, 7, 8, 10},  // phrygian
        {0, 2, 4, 6, 7, 9, 11},  // lydian
        {0, 2, 4, 5, 7, 9, 10},  // mixolydian
        {0, 2, 3, 5, 7, 8, 10},  // aeolian
        {0, 1, 3, 5, 6, 8, 10},  // locrian
    }};
    return table[static_cast<std::size_t>(mode)];
}

int Key::degree_pc(int degree) const {
    int octave = degree >= 0 ? degree / 7 : -((6 - degree) / 7);
    int step = degree - octave * 7;
    return pitch_class(tonic_pc + mode_intervals(mode)[static_cast<std::size_t>(step)]);
}

int Key::degree_of(int pc) const {
    const auto& iv = mode_intervals(mode);
    int rel = pitch_class(pc - tonic_pc);
    auto it = std::find(iv.begin(), iv.end(), rel);
    return it == iv.end() ? -1 : static_cast<int>(it - iv.begin());
}

}  // namespace ambient
