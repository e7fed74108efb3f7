// Phrase <-> JSON, with validation that names the offending field.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "phrase/phrase.hpp"

namespace ambient {

// A phrase that is not valid; what() names the field, e.g. `chords[2].pitches: ...`.
class PhraseFormatError : public Error {
  public:
    explicit PhraseFormatError(const std::string& what) : Error(ErrorKind::data, what) {}
};

Phrase phrase_from_json(const Json& j);
Json phrase_to_json(const Phrase& p);

// One JSON Lines record: parse a line (without its newline), or format one (with it).
Phrase parse_phrase_line(std::string_view line);
std::string format_phrase_line(const Phrase& p);

}  // namespace ambient
