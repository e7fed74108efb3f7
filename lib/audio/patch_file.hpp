// Patches from JSON files.
#pragma once

#include <string>

#include "synth/patch.hpp"

namespace ambient {

// `base` with the file's values over it: Error(no_input) if it cannot be opened,
// Error(data) naming the file and the parameter when a value is wrong.
Patch load_patch_file(const std::string& path, const Patch& base);
// The file's JSON, checked over `base` as load_patch_file does: what applies over any
// preset (patch_from_json).
Json load_patch_overrides(const std::string& path, const Patch& base);

}  // namespace ambient
