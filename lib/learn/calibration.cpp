#include "learn/calibration.hpp"

#include <algorithm>
#include <cmath>

#include "compose/melody.hpp"
#include "learn/evaluate.hpp"

namespace ambient {

namespace {

constexpr int rounds = 8;

MelodyFigures composed_figures(const MelodyModel& model, const std::vector<Phrase>& phrases,
                               double temperature) {
    MelodySettings s;
    s.model = &model;
    s.temperature = temperature;
    std::vector<Tune> made;
    for (std::size_t i = 0; i < phrases.size(); ++i) {
        Phrase p = phrases[i];
        compose_melody(p, s, i);
        made.push_back(tune_of_phrase(p));
    }
    return melody_figures(made);
}

}  // namespace

CalibrationFigures calibrate(MelodyModel& model, const std::vector<Tune>& tunes, double temperature,
                             std::size_t max_phrases) {
    CalibrationFigures figures;
    std::vector<Phrase> all, phrases;
    for (const Tune& t : tunes)
        for (Phrase& p : phrases_over_chords(t)) all.push_back(std::move(p));
    // An even spread over the tunes when there are more than enough.
    const std::size_t step =
        std::max<std::size_t>(1, all.size() / std::max<std::size_t>(1, max_phrases));
    for (std::size_t i = 0; i < all.size() && phrases.size() < max_phrases; i += step)
        phrases.push_back(std::move(all[i]));
    figures.phrases = phrases.size();
    if (phrases.empty()) return figures;

    const MelodyFigures real = melody_figures(tunes);
    std::array<float, model_intervals> factors = model.calibration(), best = factors;
    for (int round = 0; round <= rounds; ++round) {
        const MelodyFigures made = composed_figures(model, phrases, temperature);
        const double distance = interval_distance(made, real);
        if (round == 0) figures.distance_before = figures.distance_after = distance;
        if (distance < figures.distance_after) figures.distance_after = distance, best = factors;
        if (round == rounds) break;
        // Half way (in log) towards the share the tunes have: damped, so that the rounds
        // converge though moving one interval's weight moves every other's share.
        for (int i = 0; i < model_intervals; ++i) {
            if (made.intervals[i] <= 0 || real.intervals[i] <= 0) continue;
            factors[i] *= static_cast<float>(std::sqrt(real.intervals[i] / made.intervals[i]));
        }
        model.set_calibration(factors);
        factors = model.calibration();
    }
    model.set_calibration(best);  // the rounds' best
    return figures;
}

}  // namespace ambient
