// A Standard MIDI File as ambient-learn and the MIDI tests read it: refused only with
// ambient::Error, never a crash, a hang or an allocation the file's size cannot justify.
#include "core/error.hpp"
#include "fuzz_input.hpp"
#include "midi/midi_file_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        ambient::read_midi_file(ambient::fuzz::text_of(data, size));
    } catch (const ambient::Error&) {
    }
    return 0;
}
