#include "compose/chord.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "compose/pitch.hpp"

namespace ambient {

namespace {
constexpr std::array<std::string_view, 7> numerals = {"I", "II", "III", "IV", "V", "VI", "VII"};

int above_root(const Key& key, int degree, int steps) {
    return pitch_class(key.degree_pc(degree + steps) - key.degree_pc(degree));
}
}  // namespace

std::string_view colour_name(Colour c) {
    constexpr std::string_view names[] = {"", "sus2", "sus4", "add9", "7"};  // indexed by Colour
    return names[static_cast<int>(c)];
}

std::optional<Colour> parse_colour(std::string_view name) {
    if (name == "triad") return Colour::triad;
    for (Colour c : all_colours)
        if (name == colour_name(c)) return c;
    return std::nullopt;
}

Quality triad_quality(const Key& key, int degree) {
    int third = above_root(key, degree, 2);
    int fifth = above_root(key, degree, 4);
    if (third == 4) return fifth == 8 ? Quality::augmented : Quality::major;
    return fifth == 6 ? Quality::diminished : Quality::minor;
}

std::string roman_numeral(const Key& key, int degree) {
    std::string n(numerals[static_cast<std::size_t>(degree % 7)]);
    Quality q = triad_quality(key, degree);
    if (q == Quality::minor || q == Quality::diminished)
        std::transform(n.begin(), n.end(), n.begin(),
                       [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    if (q == Quality::diminished) n += "\u00B0";
    if (q == Quality::augmented) n += "+";
    return n;
}

std::optional<int> parse_roman_numeral(std::string_view numeral) {
    for (std::string_view mark : {"\u00B0", "\u00F8", "o", "+"})
        if (numeral.size() > mark.size() && numeral.ends_with(mark)) {
            numeral.remove_suffix(mark.size());
            break;
        }
    std::string upper(numeral);
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
    for (std::size_t i = 0; i < numerals.size(); ++i)
        if (upper == numerals[i]) return static_cast<int>(i);
    return std::nullopt;
}

bool colour_fits(const Key& key, int degree, Colour c) {
    bool perfect_fifth = above_root(key, degree, 4) == 7;
    switch (c) {
        case Colour::triad:
            return true;
        case Colour::sus2:
            return perfect_fifth && above_root(key, degree, 1) == 2;
        case Colour::sus4:
            return perfect_fifth && above_root(key, degree, 3) == 5;
        case Colour::add9:
            return perfect_fifth && above_root(key, degree, 1) == 2;
        case Colour::seventh:
            return true;
    }
    return false;
}

std::vector<int> chord_pitch_classes(const Key& key, int degree, Colour c) {
    auto pc = [&](int steps) { return key.degree_pc(degree + steps); };
    switch (c) {
        case Colour::triad:
            return {pc(0), pc(2), pc(4)};
        case Colour::sus2:
            return {pc(0), pc(1), pc(4)};
        case Colour::sus4:
            return {pc(0), pc(3), pc(4)};
        case Colour::add9:
            return {pc(0), pc(2), pc(4), pc(1)};
        case Colour::seventh:
            return {pc(0), pc(2), pc(4), pc(6)};
    }
    return {};
}

}  // namespace ambient
