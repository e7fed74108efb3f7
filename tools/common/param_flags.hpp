// Flags for sound parameters, for the programs that render or process sound.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "synth/params.hpp"

namespace ambient::tool {

// A flag for a sound parameter (synth/params.hpp): its range, default and help come from
// the parameter's descriptor, so the flag, the patch file and the man page agree.
CLI::Option* add_param_option(CLI::App& app, const std::string& flags, const Param& param,
                              float& value);

}  // namespace ambient::tool
