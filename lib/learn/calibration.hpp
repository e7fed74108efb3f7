// Calibrating a melody model for composing within the rules (MelodyModel::calibration).
#pragma once

#include <vector>

#include "compose/melody_model.hpp"

namespace ambient {

struct CalibrationFigures {
    double distance_before = 0, distance_after = 0;  // interval histograms' total variation
    std::size_t phrases = 0;
};

// Composes melodies with `model` over the chords of `tunes` (at most `max_phrases` phrases
// of 8 bars, at `temperature`), compares their intervals with the tunes' own, and sets
// factors that move each interval's share towards the tunes' share; a few rounds, damped.
CalibrationFigures calibrate(MelodyModel& model, const std::vector<Tune>& tunes,
                             double temperature = 0.5, std::size_t max_phrases = 600);

}  // namespace ambient
