// ambient-learn's job: read the corpus, measure a model trained without the held-out tunes
// against the count model, train on every tune and write the model file.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "learn/calibration.hpp"
#include "learn/corpus.hpp"
#include "learn/evaluate.hpp"

namespace ambient {

struct TrainingOptions {
    std::vector<std::string> inputs;
    std::size_t holdout_every = 10;  // every Nth tune measures the model; 0: none
};

struct TrainingReport {
    std::size_t files = 0, tunes = 0, contexts = 0, model_bytes = 0;
    std::uint64_t notes = 0;
    std::vector<std::string> skipped;
    HeldOutFigures held_out;
    CalibrationFigures calibration;
    double seconds = 0;
    std::string text() const;
    nlohmann::json json() const;
};

// Error(data) when no tune can be learnt from; Error(io) when the model cannot be written
// (any old file at `output` stays as it was).
TrainingReport train_model(const TrainingOptions& options, const std::string& output);

}  // namespace ambient
