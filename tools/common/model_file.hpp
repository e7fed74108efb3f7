// Finding and reading a melody model for a program's --model flag.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "compose/control.hpp"
#include "compose/melody_model.hpp"

namespace ambient::tool {

// "default": the model built with the project (beside the programs in a build folder,
// ../share/ambient/ once installed); anything else is a path. Error(no_input) when it is
// not there, Error(data) when it cannot be used.
MelodyModel load_melody_model(const std::string& spec);

// Where "default" is looked for, in order.
std::string default_model_path();

// ambient-melody's choice of model, phrase by phrase: the control file's "model" when it
// says ("learned": the --model given, else "default"; "rules": none), else the flag. A
// model is loaded when first wanted and kept; one that cannot be loaded is told once, as a
// warning, and the rules compose.
class MelodyModelChoice {
  public:
    explicit MelodyModelChoice(std::string spec) : spec_(std::move(spec)) {}
    // nullptr: the rules choose the pitches.
    const MelodyModel* for_phrase(const ControlValues& control);

  private:
    const MelodyModel* loaded(const std::string& spec);
    std::string spec_;
    std::map<std::string, std::optional<MelodyModel>> models_;  // by spec; nullopt: failed
};

}  // namespace ambient::tool
