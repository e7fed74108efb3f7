// The built-in timbres by name, with a line on each one's character: the names a phrase's
// "preset", the control field "preset" and `ambient-render --preset` accept. Their sound
// (the patch each name stands for) is the renderer's: synth/patch.cpp defines one per name.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ambient {

struct Timbre {
    std::string_view name;
    std::string_view character;
};

// In the order --list-presets prints them; the first is the default.
const std::vector<Timbre>& timbres();
std::vector<std::string> timbre_names();
bool is_timbre(std::string_view name);

}  // namespace ambient
