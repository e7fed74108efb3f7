#include "compose/pitch.hpp"

#include <array>

namespace ambient {

std::optional<int> parse_pitch_class(std::string_view name) {
    static constexpr std::array<int, 7> natural = {9, 11, 0, 2, 4, 5, 7};  // A B C D E F G
    if (name.empty()) return std::nullopt;
    char letter = name.front();
    if (letter >= 'a' && letter <= 'g') letter = static_cast<char>(letter - 'a' + 'A');
    if (letter < 'A' || letter > 'G') return std::nullopt;
    int pc = natural[static_cast<std::size_t>(letter - 'A')];
    std::string_view rest = name.substr(1);
    if (rest.empty()) return pc;
    if (rest == "#" || rest == "\u266F" || rest == "s" || rest == "is") return pitch_class(pc + 1);
    if (rest == "b" || rest == "\u266D" || rest == "es") return pitch_class(pc - 1);
    return std::nullopt;
}

std::string pitch_class_name(int pc, bool flats) {
    static constexpr std::array<const char*, 12> sharp_names = {"C",  "C#", "D",  "D#", "E",  "F",
                                                                "F#", "G",  "G#", "A",  "A#", "B"};
    static constexpr std::array<const char*, 12> flat_names = {"C",  "Db", "D",  "Eb", "E",  "F",
                                                               "Gb", "G",  "Ab", "A",  "Bb", "B"};
    return (flats ? flat_names : sharp_names)[static_cast<std::size_t>(pitch_class(pc))];
}

}  // namespace ambient

namespace ambient {

std::optional<int> parse_midi_note(std::string_view text) {
    if (text.empty()) return std::nullopt;
    auto to_int = [](std::string_view s) -> std::optional<int> {
        if (s.empty() || s.size() > 4) return std::nullopt;
        bool negative = s.front() == '-';
        if (negative) s.remove_prefix(1);
        if (s.empty()) return std::nullopt;
        int v = 0;
        for (char c : s) {
            if (c < '0' || c > '9') return std::nullopt;
            v = v * 10 + (c - '0');
        }
        return negative ? -v : v;
    };
    std::optional<int> note;
    if (auto n = to_int(text)) {
        note = n;
    } else {
        std::size_t digits = text.find_first_of("-0123456789", 1);
        if (digits == std::string_view::npos) return std::nullopt;
        auto pc = parse_pitch_class(text.substr(0, digits));
        auto octave = to_int(text.substr(digits));
        if (!pc || !octave) return std::nullopt;
        // The octave belongs to the letter: Cb4 is B3, B#3 is C4.
        int letter_pc = *parse_pitch_class(text.substr(0, 1));
        int shift = *pc - letter_pc;
        if (shift > 6) shift -= 12;
        if (shift < -6) shift += 12;
        note = (*octave + 1) * 12 + letter_pc + shift;
    }
    if (*note < 0 || *note > 127) return std::nullopt;
    return note;
}

}  // namespace ambient

namespace ambient {

std::optional<std::pair<int, int>> parse_note_range(std::string_view text) {
    auto colon = text.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    auto low = parse_midi_note(text.substr(0, colon));
    auto high = parse_midi_note(text.substr(colon + 1));
    if (!low || !high || *low >= *high) return std::nullopt;
    return std::pair{*low, *high};
}

}  // namespace ambient
