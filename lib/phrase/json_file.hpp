// JSON files given on the command line (transition tables, patches), with the errors a
// user can act on.
#pragma once

#include <string>

#include "phrase/phrase.hpp"

namespace ambient {

// nlohmann's account of a parse error ("parse error at line 1, column 5: …") without its
// internal prefix.
std::string json_parse_message(const Json::parse_error& e);

// Reads a whole JSON file: Error(no_input) "cannot open WHAT: reason" or Error(data)
// "WHAT is not valid JSON: …", both naming the path.
Json read_json_file(const std::string& path, const std::string& what);

}  // namespace ambient
