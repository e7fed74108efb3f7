// What ambient-radio and ambient-stream say over the socket pair the radio gives the stream
// (ambient-stream --radio-fd): each message is one of these texts.
#pragma once

#include <string_view>

namespace ambient::radio_link {

// A new input: the renderer's PCM pipe and, when given, its what-is-playing pipe, as
// passed descriptors. The one before it (if any) has ended or is to be let go.
inline constexpr std::string_view input = "input";
// "stages\n" then JSON: the supervised stages as ambient-radio sees them.
inline constexpr std::string_view stages = "stages\n";
// From the stream to the radio: the input has given no audio for a while though its writer
// is there (a stage hangs): the radio makes the chain again.
inline constexpr std::string_view stalled = "stalled";

}  // namespace ambient::radio_link
