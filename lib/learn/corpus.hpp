// What ambient-learn reads: files and folders of ABC (.abc), MIDI (.mid, .midi, .kar) and
// phrases (.jsonl, .json), as tunes, with an account of what could not be used.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compose/tune.hpp"

namespace ambient {

struct Corpus {
    std::vector<Tune> tunes;
    std::size_t files = 0;
    std::vector<std::string> skipped;  // "PATH: why" or "PATH tune N: why"
    std::uint64_t notes() const;
};

// Folders are walked (sorted, so the same folder gives the same model) for files named as
// ABC, MIDI or phrases; a file named on its own is read by its name, else by what it begins
// with. A file of another kind, or one that cannot be read as its kind, is skipped with the
// reason; a path that is not there is Error(no_input).
Corpus read_corpus(const std::vector<std::string>& paths);

// Every `n`-th tune (from the `offset`-th) for testing, the rest for training.
void split_tunes(const std::vector<Tune>& all, std::size_t n, std::size_t offset,
                 std::vector<Tune>& train, std::vector<Tune>& test);

}  // namespace ambient
