// JSON files given on the command line (transition tables, patches), with the errors a
// user can act on.
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"
#include "phrase/phrase.hpp"

namespace ambient {

// nlohmann's account of a parse error ("parse error at line 1, column 5: …", or "number
// overflow parsing '1e309'") without its internal prefix.
std::string json_parse_message(const Json::exception& e);

// JSON from outside is refused past this depth of arrays and objects, before it is parsed:
// values are copied and destroyed by recursion, so 100 000 brackets on a line would
// overflow the stack. The formats here need 4.
inline constexpr int max_json_depth = 100;
// Whether `text` nests arrays and objects deeper than max_json_depth (brackets in strings
// do not count).
bool json_too_deep(std::string_view text);
// The message for such a text: "nested deeper than 100 arrays and objects".
std::string json_too_deep_message();

// Parses JSON from outside: Error(data) "WHAT is not valid JSON: …" or "WHAT is nested
// deeper than …" (a number too large for a double is invalid JSON here), naming `where`.
Json parse_json_text(std::string_view text, const std::string& what, const Place& where);

// Reads a whole JSON file: Error(no_input) "cannot open WHAT: reason" or Error(data)
// "WHAT is not valid JSON: …", both naming the path.
Json read_json_file(const std::string& path, const std::string& what);

}  // namespace ambient
