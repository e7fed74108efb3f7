// The learned melody model (ambient-learn(1) trains it, ambient-melody --model uses it).
//
// It predicts the interval from one melody note to the next (-12..12 semitones) from the
// previous note's pitch class relative to the key, the chord under the new note (its root
// relative to the key, and whether it is major or minor), the new note's place in the bar,
// and the one or two intervals before. It is a variable-order model: counts for the longest
// of these contexts, backing off to shorter ones by Witten-Bell smoothing where a context is
// rare or unseen, down to the intervals alone. A melody's first note comes from pitch
// classes given the chord. Everything is relative to the key: one tune teaches every key.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "compose/tune.hpp"

namespace ambient {

inline constexpr int model_max_interval = 12;
inline constexpr int model_intervals = 2 * model_max_interval + 1;
// The range of a calibration factor (MelodyModel::calibration).
inline constexpr double calibration_min = 1.0 / 16, calibration_max = 16;

// What the model is conditioned on for one note.
struct NoteContext {
    int tonic_pc = 0;
    bool minor = false;
    int previous_pitch = -1;    // MIDI note; -1 for a melody's first note
    int previous_interval = 0;  // semitones, when there were two notes before
    int interval_before = 0;    // the one before that, when there were three
    int notes_before = 0;
    int chord_root_pc = -1;  // -1: no chord sounds
    ChordKind chord = ChordKind::none;
    int metric = 0;  // metric_level of the new note
};

// The context of a tune's note `i`.
NoteContext context_of(const Tune& tune, std::size_t i);

// An interval folded into -12..12 (octave leaps count as their octave-reduced interval).
int fold_interval(int semitones);

class MelodyModel {
  public:
    static constexpr std::uint32_t format_version = 1;

    void learn(const Tune& tune);
    // Probabilities of the intervals -12..12 (index interval + 12); they sum to 1.
    std::array<double, model_intervals> next(const NoteContext& c) const;
    // Probabilities of a first note's pitch class relative to the tonic.
    std::array<double, 12> first(const NoteContext& c) const;

    // Factors on the intervals' weights when composing (index interval + 12), learnt so that
    // melodies made within the rules' constraints keep the intervals of the tunes: a rule
    // that forbids some intervals (a semitone against a chord tone) moves their share to
    // the others unevenly. 1 until calibrated (learn/training.hpp).
    const std::array<float, model_intervals>& calibration() const { return calibration_; }
    void set_calibration(const std::array<float, model_intervals>& c);

    std::uint32_t tunes() const { return tunes_; }
    std::uint64_t notes() const { return notes_; }
    std::size_t contexts() const { return rows_.size(); }

    // The model file (ambient-learn(1) FILE FORMAT).
    std::string serialize() const;
    // Error(data) naming `where` for a truncated, damaged or foreign file.
    static MelodyModel parse(std::string_view bytes, const std::string& where);

  private:
    struct Row {
        std::array<std::uint32_t, model_intervals> counts{};
        std::uint32_t total = 0;
        std::uint32_t distinct = 0;
    };
    void count(std::uint32_t key, int symbol);
    template <std::size_t N>
    void smooth(std::array<double, N>& p, std::uint32_t key) const;

    std::unordered_map<std::uint32_t, Row> rows_;
    std::array<float, model_intervals> calibration_ = filled(1.0f);
    static constexpr std::array<float, model_intervals> filled(float x) {
        std::array<float, model_intervals> a{};
        for (float& v : a) v = x;
        return a;
    }
    std::uint32_t tunes_ = 0;
    std::uint64_t notes_ = 0;
};

// The count model the learned one is measured against: add-one counts of (place in the bar,
// previous note, chord) -> interval, trained on the same tunes.
class CountModel {
  public:
    void learn(const Tune& tune);
    std::array<double, model_intervals> next(const NoteContext& c) const;

  private:
    std::unordered_map<std::uint32_t, std::array<std::uint32_t, model_intervals + 1>> rows_;
};

}  // namespace ambient
