// The melody model measured on a real corpus (the Nottingham Music Database beside the
// repository, in ../shared/corpora: for tests and benchmarks only, never committed), as
// scripts/bench-learn measures it: trained on 90 % of the tunes, it must predict the other
// 10 % better than the count model of (place in the bar, previous note, chord), and its
// melodies over those tunes' chords must move more like the tunes than the rules' do,
// while keeping every hard rule.
#include <gtest/gtest.h>

#include <filesystem>

#include "compose/harmony.hpp"
#include "compose/melody.hpp"
#include "compose/pitch.hpp"
#include "compose/tune.hpp"
#include "learn/calibration.hpp"
#include "learn/corpus.hpp"
#include "learn/evaluate.hpp"

namespace ambient {
namespace {

struct Split {
    std::vector<Tune> train, test;
};

// Read once for every test here: reading and learning the corpus is the slow part.
const Split* corpus_split() {
    static const Split* split = [] {
        const std::filesystem::path dir = AMBIENT_CORPUS;
        if (!std::filesystem::is_directory(dir)) return static_cast<Split*>(nullptr);
        auto* s = new Split;
        split_tunes(read_corpus({dir.string()}).tunes, 10, 0, s->train, s->test);
        return s;
    }();
    return split;
}

TEST(LearnedOnNottingham, PredictsHeldOutTunesBetterThanTheCountModel) {
    const Split* s = corpus_split();
    if (!s) GTEST_SKIP() << "no corpus at " << AMBIENT_CORPUS;
    ASSERT_GT(s->train.size(), 900u);
    MelodyModel model;
    CountModel counts;
    for (const Tune& t : s->train) {
        model.learn(t);
        counts.learn(t);
    }
    const HeldOutFigures held = held_out_figures(model, counts, s->test);
    EXPECT_GT(held.notes, 5000u);
    EXPECT_LT(held.model_nll, held.count_nll * 0.95)
        << "model " << held.model_nll << " nats per note, count model " << held.count_nll;
}

TEST(LearnedOnNottingham, MelodiesMoveMoreLikeTheTunesThanTheRulesAndKeepTheRules) {
    const Split* s = corpus_split();
    if (!s) GTEST_SKIP() << "no corpus at " << AMBIENT_CORPUS;
    MelodyModel model;
    for (const Tune& t : s->train) model.learn(t);
    calibrate(model, s->train, 0.5, 200);

    std::vector<Phrase> phrases;
    for (const Tune& t : s->test)
        for (Phrase& p : phrases_over_chords(t)) phrases.push_back(std::move(p));
    ASSERT_GT(phrases.size(), 100u);
    MelodySettings rules, learned;
    learned.model = &model;
    std::vector<Tune> by_rules, by_model;
    long notes = 0, outside = 0, clashes = 0;
    for (std::size_t i = 0; i < phrases.size(); ++i) {
        Phrase r = phrases[i], m = phrases[i];
        compose_melody(r, rules, i);
        compose_melody(m, learned, i);
        by_rules.push_back(tune_of_phrase(r));
        by_model.push_back(tune_of_phrase(m));
        const Key key = phrase_key(m);
        for (const MelodyNote& n : m.melody) {
            ++notes;
            const ChordEvent* chord = chord_at(m, n.beat);
            outside +=
                !key.contains(pitch_class(n.pitch)) && !(chord && is_chord_tone(*chord, n.pitch));
            clashes += clashes_with_chords(m, n.pitch, n.beat, n.beat + n.dur);
        }
    }
    EXPECT_GT(notes, 1000);
    EXPECT_EQ(outside, 0);
    EXPECT_EQ(clashes, 0);
    const MelodyFigures real = melody_figures(s->test);
    const double rules_tv = interval_distance(melody_figures(by_rules), real);
    const double model_tv = interval_distance(melody_figures(by_model), real);
    EXPECT_LT(model_tv, rules_tv - 0.02)
        << "intervals' distance from the tunes': model " << model_tv << ", rules " << rules_tv;
    const MelodyFigures f = melody_figures(by_model);
    EXPECT_GT(f.chord_tone_rate, 0.6);
    EXPECT_GT(f.in_key_rate, 0.95);
}

}  // namespace
}  // namespace ambient
