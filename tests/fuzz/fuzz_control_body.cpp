// A POST /api/control body, as the server hands it to ControlApi: 200 with the new state,
// 400 naming the field, or 413; nothing thrown, and a refused body changes nothing.
#include <string>

#include "fuzz_input.hpp"
#include "stream/control_api.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    ambient::ControlApi api{std::string()};
    const std::string before = api.state_json();
    ambient::HttpReply r = api.post(std::string(ambient::fuzz::text_of(data, size)));
    if (r.status != 200 && r.status != 400 && r.status != 413) __builtin_trap();
    if (r.status != 200 && api.state_json() != before) __builtin_trap();
    return 0;
}
