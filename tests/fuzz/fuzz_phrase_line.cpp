// A phrase line as every stage reads it from its stdin (ambient-phrase(5)). Bad input may
// only be refused with ambient::Error; anything else escaping (a JSON library exception,
// std::out_of_range, a crash, a hang, a leak) is a bug.
#include "core/error.hpp"
#include "fuzz_input.hpp"
#include "phrase/phrase_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        ambient::Phrase p = ambient::parse_phrase_line(ambient::fuzz::text_of(data, size));
        // What was accepted writes back and reads again as the same line.
        std::string line = ambient::format_phrase_line(p);
        if (ambient::format_phrase_line(ambient::parse_phrase_line(line)) != line) __builtin_trap();
    } catch (const ambient::Error&) {
    }
    return 0;
}
