// ambient-chords' craft: a phrase of chords from a Markov chain, coloured and voiced.
//
// Chords last one or two bars (two more often when intensity is low: slow harmony),
// each phrase starts on the tonic, and the last chord is drawn with a pull toward
// chords that lead home, so the next phrase's tonic arrives as a cadence.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "compose/chord.hpp"
#include "compose/conductor.hpp"
#include "compose/control.hpp"
#include "compose/markov.hpp"
#include "compose/voicing.hpp"
#include "phrase/phrase.hpp"

namespace ambient {

struct ChordSettings {
    std::string key_name = "A";  // as the user spelt it; its pitch class must be key.tonic_pc
    Key key{};
    double bpm = 70.0;
    int bars = 8;
    Meter meter{};
    double intensity = 0.5;
    std::optional<Colour> colour;  // nullopt: chosen per chord, more often at higher intensity
    Register pad_register{};
    std::optional<double> chord_bars;  // average bars per chord, 1 to 2 (nullopt: by intensity)
    bool ending = false;               // the last phrase of the music: it closes on the tonic
};

// The seed a phrase records: phrase 0 uses the run's seed itself, so
// `ambient-chords --seed <a phrase's seed> --phrases 1` makes that phrase again.
std::uint64_t phrase_seed(std::uint64_t run_seed, std::uint64_t seq);

// A phrase with chords only (melody and percussion empty), made from `seed` alone.
Phrase compose_chords(const ChordSettings& s, const TransitionTable& table, std::uint64_t seed,
                      std::uint64_t seq);

// A triad diatonic to both keys, to pass through on the way from one to the other: the
// new key's IV, ii, vi, V or iii, in that order (chords that lead on to its tonic).
std::optional<int> pivot_degree(const Key& from, const Key& to);

// Phrase after phrase from one run seed, following control changes between phrases. After
// a change of key or mode the next phrase opens on a pivot chord the two keys share,
// where there is one, so the music modulates rather than jumps.
class ChordComposer {
  public:
    // `user_table` replaces the built-in table of the mode (which follows mode changes).
    ChordComposer(ChordSettings settings, std::optional<TransitionTable> user_table, int order,
                  std::uint64_t run_seed);

    // Takes the values the control file sets; they shape the next phrase.
    void apply(const ControlValues& control);
    // Takes a journey's cue for the next phrase, which then carries the scene.
    void apply(const Cue& cue);
    // Whether the next phrase is the last (--duration without a journey).
    void finish_with_next(bool last) { settings_.ending = last; }
    Phrase next();

    const ChordSettings& settings() const noexcept { return settings_; }

  private:
    void open_on_pivot(Phrase& p, int degree);
    ChordSettings settings_;
    std::optional<TransitionTable> user_table_;
    int order_;
    TransitionTable table_;
    std::uint64_t run_seed_;
    std::uint64_t seq_ = 0;
    std::optional<Key> pivot_from_;      // the key before a change not yet composed
    std::vector<int> last_voicing_;      // of the last chord, for a smooth pivot
    std::optional<Cue> cue_;             // the journey's, for the next phrase
    std::optional<std::string> preset_;  // the timbre phrases name (a journey's or a listener's)
};

}  // namespace ambient
