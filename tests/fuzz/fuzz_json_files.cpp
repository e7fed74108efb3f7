// The JSON files the tools take by name: a patch (--patch), a transition table
// (--transitions) and a journey (--journey). The first byte picks which; the rest is the
// file. Each is read as its loader reads it, refused only with ambient::Error.
#include <stdexcept>
#include <string>

#include "compose/journey.hpp"
#include "compose/markov.hpp"
#include "core/error.hpp"
#include "fuzz_input.hpp"
#include "phrase/json_file.hpp"
#include "synth/patch.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const std::string_view text = ambient::fuzz::text_of(data + 1, size - 1);
    try {
        switch (data[0] % 3) {
            case 0: {
                ambient::Json j = ambient::parse_json_text(text, "patch", ambient::Place("fuzz"));
                ambient::Patch p = ambient::patch_from_json(j, ambient::Patch{});
                // A patch that was accepted writes out as one that is accepted again.
                ambient::patch_from_json(ambient::patch_to_json(p), ambient::Patch{});
                break;
            }
            case 1: {
                ambient::Json j =
                    ambient::parse_json_text(text, "transitions", ambient::Place("fuzz"));
                try {
                    ambient::TransitionTable::from_json(j, ambient::Key{});
                } catch (const std::invalid_argument&) {  // load_transition_file's own refusal
                }
                break;
            }
            default: {
                ambient::Json j = ambient::parse_json_text(text, "journey", ambient::Place("fuzz"));
                ambient::Journey journey = ambient::journey_from_json(j, "fuzz");
                for (double t : {0.0, 60.0, 3600.0, 86399.0})
                    ambient::journey_position(journey, t, 0.0, 4);
                break;
            }
        }
    } catch (const ambient::Error&) {
    }
    return 0;
}
