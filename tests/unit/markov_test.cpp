#include "compose/markov.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "compose/chord.hpp"

namespace ambient {
namespace {

double sum(const DegreeWeights& w) {
    double s = 0;
    for (double x : w) s += x;
    return s;
}

TEST(Markov, BuiltinRowsAreDistributionsWithoutDiminishedChords) {
    for (Mode m : all_modes)
        for (int order : {1, 2}) {
            auto t = TransitionTable::builtin(m, order);
            EXPECT_EQ(t.order(), order);
            Key key{0, m};
            for (int prev = -1; prev < 7; ++prev)
                for (int cur = 0; cur < 7; ++cur) {
                    DegreeWeights w = t.next_weights(prev, cur);
                    ASSERT_NEAR(sum(w), 1.0, 1e-9);
                    for (int d = 0; d < 7; ++d) {
                        if (triad_quality(key, d) == Quality::diminished &&
                            !(m == Mode::locrian && d == 0)) {
                            EXPECT_EQ(w[static_cast<std::size_t>(d)], 0.0)
                                << mode_name(m) << " " << d;
                        }
                    }
                }
        }
}

TEST(Markov, SecondOrderDiscouragesPingPong) {
    auto first = TransitionTable::builtin(Mode::aeolian, 1);
    auto second = TransitionTable::builtin(Mode::aeolian, 2);
    // After VI -> iv, going back to VI is less likely in the second-order chain.
    EXPECT_LT(second.next_weights(5, 3)[5], first.next_weights(5, 3)[5]);
}

TEST(Markov, UserTableFirstOrder) {
    Key key{9, Mode::aeolian};
    auto j =
        Json::parse(R"({"transitions":{"i":{"VI":1.0},"VI":{"i":0.25,"iv":0.75},"iv":{"i":1}}})");
    auto t = TransitionTable::from_json(j, key);
    EXPECT_EQ(t.order(), 1);
    EXPECT_EQ(t.next_weights(-1, 0)[5], 1.0);
    EXPECT_EQ(t.next_weights(-1, 5)[3], 0.75);
}

TEST(Markov, UserTableSecondOrderFallsBackToSingleRows) {
    Key key{0, Mode::ionian};
    auto j = Json::parse(R"({"transitions":{"I":{"IV":1},"IV":{"I":0.5,"V":0.5},"V":{"I":1},
                             "I IV":{"V":1}}})");
    auto t = TransitionTable::from_json(j, key);
    EXPECT_EQ(t.order(), 2);
    EXPECT_EQ(t.next_weights(0, 3)[4], 1.0);
    EXPECT_EQ(t.next_weights(4, 3)[0], 0.5);
}

void expect_rejected(const char* text, const std::string& mention) {
    try {
        TransitionTable::from_json(Json::parse(text), Key{9, Mode::aeolian});
        FAIL() << "accepted " << text;
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find(mention), std::string::npos) << e.what();
    }
}

TEST(Markov, UserTableErrorsNameTheRow) {
    expect_rejected(R"({"transitions":{"i":{"VI":0.5,"iv":0.4},"VI":{"i":1},"iv":{"i":1}}})",
                    "row \"i\": probabilities sum to 0.9");
    expect_rejected(R"({"transitions":{"i":{"VIII":1}}})", "row \"i\": unknown degree \"VIII\"");
    expect_rejected(R"({"transitions":{"x":{"i":1}}})", "row \"x\"");
    expect_rejected(R"({"transitions":{"i":{"VI":1}}})", "leads to \"VI\", which has no row");
    expect_rejected(R"({"transitions":{"VI":{"VI":1}}})", "row \"i\": missing");
    expect_rejected(R"({"transitions":{"i":{"i":-1,"VI":2},"VI":{"i":1}}})",
                    "must be a number >= 0");
    expect_rejected(R"({"rows":{}})", "transitions");
    expect_rejected(R"({"order":3,"transitions":{"i":{"i":1}}})", "order");
}

}  // namespace
}  // namespace ambient
