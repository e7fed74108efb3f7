// Benchmark helper: phrases on stdin -> a Standard MIDI File on stdout, so FluidSynth can
// render the same notes as ambient-render for a like-for-like speed comparison.
#include <iostream>

#include "midi/midi_file.hpp"
#include "phrase/phrase_stream.hpp"

int main() {
    ambient::PhraseReader reader(std::cin, "stdin");
    ambient::MidiFileWriter writer;
    while (auto p = reader.next()) writer.add(*p);
    std::cout << writer.bytes();
    std::cerr << "phrases_to_midi: " << writer.notes() << " notes\n";
}
