#include "compose/voicing.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "compose/chord.hpp"
#include "compose/pitch.hpp"
#include "core/random.hpp"

namespace ambient {
namespace {

bool same_pitch_classes(const std::vector<int>& notes, std::vector<int> pcs) {
    std::vector<int> got;
    for (int n : notes) got.push_back(pitch_class(n));
    std::sort(got.begin(), got.end());
    std::sort(pcs.begin(), pcs.end());
    return got == pcs;
}

TEST(Voicing, StaysInRegisterAndHoldsEveryChordTone) {
    Key key{2, Mode::dorian};
    std::vector<int> previous;
    for (int d = 0; d < 7; ++d)
        for (Colour c : all_colours) {
            auto pcs = chord_pitch_classes(key, d, c);
            auto v = voice_chord(pcs, previous, {48, 72});
            ASSERT_TRUE(same_pitch_classes(v, pcs));
            ASSERT_TRUE(std::is_sorted(v.begin(), v.end()));
            ASSERT_GE(v.front(), 48);
            ASSERT_LE(v.back(), 72);
            previous = v;
        }
}

TEST(Voicing, CommonTonesHoldAndVoicesMoveLittle) {
    // C major to A minor shares C and E: they stay where they are, one voice moves.
    auto c = voice_chord({0, 4, 7}, {}, {48, 72});
    auto am = voice_chord({9, 0, 4}, c, {48, 72});
    for (int n : c) {
        if (pitch_class(n) != 7) {
            EXPECT_NE(std::find(am.begin(), am.end(), n), am.end()) << n;
        }
    }
    EXPECT_LE(voice_movement(c, am), 6);
}

TEST(Voicing, SmootherThanRootPositionBlocks) {
    // Over random diatonic progressions, led voices move far less than block chords.
    Key key{9, Mode::aeolian};
    Rng rng(3);
    long led = 0, blocks = 0;
    std::vector<int> prev_led, prev_block;
    for (int i = 0; i < 500; ++i) {
        int degree = static_cast<int>(rng.below(7));
        auto pcs = chord_pitch_classes(key, degree, Colour::triad);
        auto v = voice_chord(pcs, prev_led, {48, 72});
        std::vector<int> block;
        for (int pc : pcs) block.push_back(48 + pc + (pc < pcs[0] ? 12 : 0));
        std::sort(block.begin(), block.end());
        if (!prev_led.empty()) {
            led += voice_movement(prev_led, v);
            blocks += voice_movement(prev_block, block);
        }
        prev_led = v;
        prev_block = block;
    }
    EXPECT_LT(led * 2, blocks) << "led " << led << " vs blocks " << blocks;
}

TEST(Voicing, NarrowRegisterStillVoicesTheChord) {
    auto v = voice_chord({0, 4, 7, 11}, {}, {60, 64});
    EXPECT_TRUE(same_pitch_classes(v, {0, 4, 7, 11}));
}

}  // namespace
}  // namespace ambient
