// Markov chains over scale degrees: which chord follows which.
//
// The built-in tables favour slow ambient harmony: the mode's characteristic chords
// (dorian's major IV, lydian's II, mixolydian's VII, phrygian's II, aeolian's VI) and
// root motion by fourths, fifths and thirds; diminished triads are left out.
// A second-order chain (`order 2`) conditions on the two previous chords; built in, it
// is the first-order table with immediate back-and-forth (i-iv-i) made less likely.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "compose/mode.hpp"
#include "core/random.hpp"
#include "phrase/phrase.hpp"

namespace ambient {

using DegreeWeights = std::array<double, 7>;

class TransitionTable {
  public:
    // The built-in table for a mode, first or second order.
    static TransitionTable builtin(Mode mode, int order = 1);

    // A user's table, e.g. {"order":1,"transitions":{"i":{"iv":0.5,"VI":0.5}, …}}; pair rows
    // ("i iv") make it second order. Throws std::invalid_argument naming the bad row.
    static TransitionTable from_json(const Json& j, const Key& key);

    int order() const noexcept { return order_; }

    // Probabilities of the next degree given the previous (-1 if none) and current degree.
    DegreeWeights next_weights(int previous, int current) const;

  private:
    int order_ = 1;
    std::array<std::optional<DegreeWeights>, 7> first_{};
    std::map<std::pair<int, int>, DegreeWeights> second_;
};

// Reads a table from a JSON file: Error(no_input) if it cannot be opened, Error(data)
// naming the file and the row when it is not a valid table.
TransitionTable load_transition_file(const std::string& path, const Key& key);

}  // namespace ambient
