// What ambient-radio sends ambient-stream over the socket pair it gives it
// (ambient-stream --radio-fd): each message is one of these texts.
#pragma once

#include <string_view>

namespace ambient::radio_link {

// A new input: the renderer's PCM pipe and, when given, its what-is-playing pipe, as
// passed descriptors. The one before it (if any) has ended or is to be let go.
inline constexpr std::string_view input = "input";
// "stages\n" then JSON: the supervised stages as ambient-radio sees them.
inline constexpr std::string_view stages = "stages\n";

}  // namespace ambient::radio_link
