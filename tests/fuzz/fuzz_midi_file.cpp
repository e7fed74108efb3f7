// A Standard MIDI File as ambient-learn and the MIDI tests read it (and as a tune to learn):
// refused only with ambient::Error, never a crash, a hang or an allocation the file's size cannot
// justify.
#include "core/error.hpp"
#include "fuzz_input.hpp"
#include "learn/midi_tunes.hpp"
#include "midi/midi_file_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto bytes = ambient::fuzz::text_of(data, size);
    try {
        ambient::read_midi_file(bytes);
    } catch (const ambient::Error&) {
    }
    try {  // and as a tune to learn from: melody, chords and key
        ambient::read_midi_tune(bytes, "f.mid");
    } catch (const ambient::Error&) {
    }
    return 0;
}
