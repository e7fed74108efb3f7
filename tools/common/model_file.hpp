// Finding and reading a melody model for a program's --model flag.
#pragma once

#include <string>

#include "compose/melody_model.hpp"

namespace ambient::tool {

// "default": the model built with the project (beside the programs in a build folder,
// ../share/ambient/ once installed); anything else is a path. Error(no_input) when it is
// not there, Error(data) when it cannot be used.
MelodyModel load_melody_model(const std::string& spec);

// Where "default" is looked for, in order.
std::string default_model_path();

}  // namespace ambient::tool
