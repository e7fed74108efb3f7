#include "learn/training.hpp"

#include <chrono>
#include <cstdio>

#include "core/error.hpp"
#include "core/replacing_file.hpp"

namespace ambient {

namespace {
std::string plural(std::size_t n, const std::string& noun) {
    return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}
}  // namespace

TrainingReport train_model(const TrainingOptions& options, const std::string& output) {
    const auto start = std::chrono::steady_clock::now();
    const Corpus corpus = read_corpus(options.inputs);
    TrainingReport r;
    r.files = corpus.files;
    r.tunes = corpus.tunes.size();
    r.notes = corpus.notes();
    r.skipped = corpus.skipped;
    if (corpus.tunes.empty()) {
        // Say why, since nothing else will be printed: the first few reasons.
        std::string why;
        for (std::size_t i = 0; i < corpus.skipped.size() && i < 3; ++i)
            why += (i ? "; " : ": ") + corpus.skipped[i];
        if (corpus.skipped.size() > 3) why += "; ...";
        throw Error(ErrorKind::data,
                    "no tunes to learn from in " + plural(corpus.files, "file") + why);
    }
    if (options.holdout_every >= 2 && corpus.tunes.size() >= options.holdout_every) {
        std::vector<Tune> train, test;
        split_tunes(corpus.tunes, options.holdout_every, 0, train, test);
        MelodyModel model;
        CountModel counts;
        for (const Tune& t : train) model.learn(t), counts.learn(t);
        r.held_out = held_out_figures(model, counts, test);
    }
    MelodyModel model;
    for (const Tune& t : corpus.tunes) model.learn(t);
    r.calibration = calibrate(model, corpus.tunes);
    const std::string bytes = model.serialize();
    r.contexts = model.contexts();
    r.model_bytes = bytes.size();
    write_file_atomically(output, bytes);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return r;
}

std::string TrainingReport::text() const {
    std::string out;
    char line[512];
    std::snprintf(line, sizeof line, ": %zu tunes, %llu notes; %zu skipped\n", tunes,
                  static_cast<unsigned long long>(notes), skipped.size());
    out += "read " + plural(files, "file") + line;
    for (const std::string& s : skipped) out += "  skipped " + s + "\n";
    if (held_out.notes) {
        std::snprintf(line, sizeof line,
                      "held out %zu tunes (%zu notes): %.3f nats per note, the count model %.3f\n",
                      held_out.tunes, held_out.notes, held_out.model_nll, held_out.count_nll);
        out += line;
    }
    if (calibration.phrases) {
        std::snprintf(line, sizeof line,
                      "calibrated on %zu phrases over the tunes' chords: intervals %.3f -> %.3f "
                      "from the tunes' (total variation)\n",
                      calibration.phrases, calibration.distance_before, calibration.distance_after);
        out += line;
    }
    std::snprintf(line, sizeof line, "model: %zu contexts, %zu bytes, in %.2f s\n", contexts,
                  model_bytes, seconds);
    return out + line;
}

nlohmann::json TrainingReport::json() const {
    nlohmann::json j = {{"files", files},     {"tunes", tunes},       {"notes", notes},
                        {"skipped", skipped}, {"contexts", contexts}, {"model_bytes", model_bytes},
                        {"seconds", seconds}};
    if (held_out.notes)
        j["held_out"] = {{"tunes", held_out.tunes},
                         {"notes", held_out.notes},
                         {"model_nll", held_out.model_nll},
                         {"count_nll", held_out.count_nll}};
    if (calibration.phrases)
        j["calibration"] = {{"phrases", calibration.phrases},
                            {"distance_before", calibration.distance_before},
                            {"distance_after", calibration.distance_after}};
    return j;
}

}  // namespace ambient
