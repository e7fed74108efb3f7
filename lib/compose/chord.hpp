// Diatonic chords: one per scale degree of a key, named by roman numeral, as plain
// triads or with the colours ambient harmony leans on (sus2, sus4, add9, sevenths).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compose/mode.hpp"

namespace ambient {

enum class Colour { triad, sus2, sus4, add9, seventh };

inline constexpr Colour all_colours[] = {Colour::triad, Colour::sus2, Colour::sus4, Colour::add9,
                                         Colour::seventh};

// "" for the triad, else "sus2", "sus4", "add9", "7" (the phrase's `colour` field).
std::string_view colour_name(Colour c);
// Accepts the names above and "triad".
std::optional<Colour> parse_colour(std::string_view name);

enum class Quality { major, minor, diminished, augmented };

// Quality of the diatonic triad on a degree (0..6).
Quality triad_quality(const Key& key, int degree);

// Roman numeral of a degree in its key: upper case major, lower case minor, "°" diminished.
std::string roman_numeral(const Key& key, int degree);

// Degree 0..6 of a roman numeral, ignoring case and a quality mark ("°", "o", "+", "ø"),
// so a table written for one mode reads in another; nullopt if not a numeral I..VII.
std::optional<int> parse_roman_numeral(std::string_view numeral);

// Whether a colour sounds as intended on this degree: sus2 and add9 need a whole tone
// above the root, sus4 a perfect fourth, every colour but the seventh a perfect fifth.
bool colour_fits(const Key& key, int degree, Colour c);

// Pitch classes of the chord, root first.
std::vector<int> chord_pitch_classes(const Key& key, int degree, Colour c);

}  // namespace ambient
