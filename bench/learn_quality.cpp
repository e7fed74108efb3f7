// The learned melody model measured on a corpus (scripts/bench-learn): trained on 90 % of
// the tunes, tested on the rest. Held-out negative log-likelihood per note against the count
// model; melodies composed over the held-out tunes' chords, by the rules and with the model,
// each against the real tunes (chord-tone rate, in-key rate, pitch-class entropy, notes per 8
// bars, and how far their interval histogram lies from the real one); and the times.
// Usage: learn_quality FILE_OR_FOLDER...
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "compose/melody.hpp"
#include "learn/calibration.hpp"
#include "learn/corpus.hpp"
#include "learn/evaluate.hpp"

namespace ambient {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

struct Composed {
    std::vector<Tune> tunes;
    double seconds = 0;
    std::size_t phrases = 0;
};

Composed compose_over(const std::vector<Phrase>& phrases, const MelodySettings& s) {
    Composed c;
    const auto t0 = Clock::now();
    for (std::size_t i = 0; i < phrases.size(); ++i) {
        Phrase p = phrases[i];
        compose_melody(p, s, i);
        c.tunes.push_back(tune_of_phrase(p));
    }
    c.seconds = seconds_since(t0);
    c.phrases = phrases.size();
    return c;
}

void histogram(const char* name, const MelodyFigures& f) {
    std::printf("%-10s", name);
    for (int i = 5; i < model_intervals - 5; ++i) std::printf(" %5.1f", 100 * f.intervals[i]);
    std::printf("\n");
}

void row(const char* name, const MelodyFigures& f, const MelodyFigures& real) {
    std::printf("%-22s %7zu %10.1f%% %8.1f%% %8.2f %9.1f %12.3f\n", name, f.notes,
                100 * f.chord_tone_rate, 100 * f.in_key_rate, f.entropy_bits, f.notes_per_8_bars,
                interval_distance(f, real));
}

int run(const std::vector<std::string>& inputs) {
    const auto t_read = Clock::now();
    const Corpus corpus = read_corpus(inputs);
    const double read_s = seconds_since(t_read);
    std::vector<Tune> train, test;
    split_tunes(corpus.tunes, 10, 0, train, test);

    const auto t_train = Clock::now();
    MelodyModel model;
    for (const Tune& t : train) model.learn(t);
    const double learn_s = seconds_since(t_train);
    const auto t_calibrate = Clock::now();
    const CalibrationFigures calibration = calibrate(model, train);
    const double calibrate_s = seconds_since(t_calibrate);
    const double train_s = learn_s + calibrate_s;
    CountModel counts;
    for (const Tune& t : train) counts.learn(t);
    const HeldOutFigures held = held_out_figures(model, counts, test);
    const auto t_all = Clock::now();
    MelodyModel full;
    for (const Tune& t : corpus.tunes) full.learn(t);
    const std::size_t model_bytes = full.serialize().size();
    const double all_s = seconds_since(t_all);

    std::printf("corpus: %zu files, %zu tunes, %llu notes, read in %.2f s; %zu skipped\n",
                corpus.files, corpus.tunes.size(), static_cast<unsigned long long>(corpus.notes()),
                read_s, corpus.skipped.size());
    std::printf(
        "training on %zu tunes: %.3f s (counting %.3f s, calibrating on %zu phrases %.3f s: "
        "intervals TV %.3f -> %.3f)\n",
        train.size(), train_s, learn_s, calibration.phrases, calibrate_s,
        calibration.distance_before, calibration.distance_after);
    std::printf("all %zu tunes, counted and written out: %.3f s, %zu bytes\n", corpus.tunes.size(),
                all_s, model_bytes);
    std::printf(
        "held out %zu tunes, %zu notes: model %.3f nats per note, count model %.3f "
        "(%.1f%% lower)\n\n",
        held.tunes, held.notes, held.model_nll, held.count_nll,
        100 * (1 - held.model_nll / held.count_nll));

    std::vector<Phrase> phrases;
    for (const Tune& t : test)
        for (Phrase& p : phrases_over_chords(t)) phrases.push_back(std::move(p));
    const MelodyFigures real = melody_figures(test);
    MelodySettings rules;
    const Composed by_rules = compose_over(phrases, rules);
    std::printf("melodies over the held-out tunes' chords (%zu phrases of 8 bars):\n",
                phrases.size());
    std::printf("%-22s %7s %11s %9s %8s %9s %12s\n", "", "notes", "chord tones", "in key",
                "entropy", "per 8 bars", "intervals TV");
    row("real tunes", real, real);
    row("rules", melody_figures(by_rules.tunes), real);
    for (double temperature : {0.3, 0.5, 1.0}) {
        MelodySettings learned;
        learned.model = &model;
        learned.temperature = temperature;
        const Composed c = compose_over(phrases, learned);
        char name[40];
        std::snprintf(name, sizeof name, "model, temperature %.1f", temperature);
        row(name, melody_figures(c.tunes), real);
        if (temperature == 0.5)
            std::printf("%-22s (composing: %.3f ms per 8 bars; the rules %.3f ms)\n", "",
                        1000 * c.seconds / c.phrases, 1000 * by_rules.seconds / by_rules.phrases);
    }
    std::printf("\ninterval histogram (%%), -7 .. +7 semitones:\n%-10s", "");
    for (int i = -7; i <= 7; ++i) std::printf(" %5d", i);
    std::printf("\n");
    histogram("real", real);
    histogram("rules", melody_figures(by_rules.tunes));
    {
        MelodySettings learned;
        learned.model = &model;
        histogram("model 0.5", melody_figures(compose_over(phrases, learned).tunes));
    }
    std::printf(
        "\nintervals TV: total variation distance of the interval histograms from the real "
        "tunes' (0 the same, 1 disjoint)\n");
    return 0;
}

}  // namespace
}  // namespace ambient

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: learn_quality FILE_OR_FOLDER...\n");
        return 64;
    }
    return ambient::run(std::vector<std::string>(argv + 1, argv + argc));
}
