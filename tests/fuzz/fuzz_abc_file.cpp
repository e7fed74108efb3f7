// An ABC file as ambient-learn reads it: what cannot be read is skipped, never a crash or a
// hang; every tune it gives has notes in order, finite lengths and pitches MIDI can play, and
// teaches a model whose file reads back to the same bytes; its chords make a bounded number
// of phrases.
#include <cmath>
#include <cstdlib>

#include "compose/melody_model.hpp"
#include "fuzz_input.hpp"
#include "learn/abc_reader.hpp"
#include "learn/evaluate.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const ambient::AbcTunes abc = ambient::read_abc(ambient::fuzz::text_of(data, size), "f.abc");
    ambient::MelodyModel model;
    for (const ambient::Tune& t : abc.tunes) {
        if (t.notes.empty() || t.tonic_pc < 0 || t.tonic_pc > 11) std::abort();
        for (std::size_t i = 0; i < t.notes.size(); ++i) {
            const ambient::TuneNote& n = t.notes[i];
            if (!std::isfinite(n.beat) || !(n.dur > 0) || n.pitch < 0 || n.pitch > 127 ||
                n.metric < 0 || n.metric > 3 || (i > 0 && n.beat < t.notes[i - 1].beat))
                std::abort();
        }
        model.learn(t);
        // What calibrating and measuring compose over: bounded however long the tune says
        // it is.
        if (ambient::phrases_over_chords(t).size() > 1000) std::abort();
    }
    const std::string bytes = model.serialize();
    if (ambient::MelodyModel::parse(bytes, "f.model").serialize() != bytes) std::abort();
    return 0;
}
