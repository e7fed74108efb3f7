#include "compose/timbres.hpp"

namespace ambient {

const std::vector<Timbre>& timbres() {
    static const std::vector<Timbre> all = {
        {"drift", "warm detuned saw pads, a soft FM lead, a six-second hall"},
        {"glass", "glassy bells and triangle pads, open and bright, a long shimmering tail"},
        {"deep", "dark and sub-heavy: low-filtered square pads over a strong sub, a close room"},
        {"bowed", "bowed drones: slow swelling saws with a moving resonant filter"},
        {"keys", "soft keys: plucked triangle notes that ring and fade, a short room"},
        {"choir",
         "choir-like: wide detuned saws through vowel formants, a breathy lead, a wide hall"},
        {"air", "airy noise: breath and wind over thin sine pads, echoes far back"},
        {"haze", "hazy triangle pads under a slow, deep chorus, the lead far away in a huge tail"},
    };
    return all;
}

std::vector<std::string> timbre_names() {
    std::vector<std::string> names;
    for (const Timbre& t : timbres()) names.emplace_back(t.name);
    return names;
}

bool is_timbre(std::string_view name) {
    for (const Timbre& t : timbres())
        if (t.name == name) return true;
    return false;
}

}  // namespace ambient
