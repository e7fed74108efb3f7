// The whole renderer over many seeds and every preset: properties of what comes out.
#include "audio/performance.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "audio/loudness.hpp"
#include "audio/renderer.hpp"
#include "compose/chord_composer.hpp"
#include "compose/melody.hpp"
#include "compose/percussion.hpp"
#include "synth/dsp.hpp"

namespace ambient {
namespace {

std::vector<Phrase> compose(std::uint64_t seed, int count, double bpm = 96.0, int bars = 4) {
    ChordSettings cs;
    cs.bpm = bpm;
    cs.bars = bars;
    cs.intensity = 0.3 + 0.2 * double(seed % 4);
    ChordComposer composer(cs, std::nullopt, 1, seed);
    std::vector<Phrase> phrases;
    for (int i = 0; i < count; ++i) {
        Phrase p = composer.next();
        compose_melody(p, MelodySettings{}, 0);
        compose_percussion(p, PercussionSettings{}, 0);
        phrases.push_back(p);
    }
    return phrases;
}

std::vector<float> render(const std::vector<Phrase>& phrases, const PerformanceSettings& s) {
    std::size_t next = 0;
    Performance perf(s, [&]() -> std::optional<Phrase> {
        if (next >= phrases.size()) return std::nullopt;
        return phrases[next++];
    });
    std::vector<float> out, block(2 * Performance::block);
    while (int n = perf.render(block.data(), Performance::block))
        out.insert(out.end(), block.begin(), block.begin() + 2 * n);
    return out;
}

TEST(Performance, PropertiesOverSeedsAndPresets) {
    dsp::DenormalGuard guard;
    for (const std::string& name : preset_names())
        for (std::uint64_t seed = 1; seed <= 3; ++seed) {
            SCOPED_TRACE(name + " seed " + std::to_string(seed));
            auto phrases = compose(seed, 2);
            PerformanceSettings s;
            s.patch = preset(name);
            s.seed = seed;
            s.gain_db = float(normalising_gain(phrases, s));
            std::vector<float> out = render(phrases, s);

            double music = 0;
            for (const Phrase& p : phrases) music += p.total_beats() * 60.0 / p.bpm;
            std::size_t frames = out.size() / 2;
            EXPECT_GE(frames, std::size_t(music * 48000));
            EXPECT_LT(frames, std::size_t((music + 20.0) * 48000)) << "the tail ends";

            long nonfinite = 0;
            double peak = 0, sum = 0;
            for (float x : out) {
                nonfinite += !std::isfinite(x);
                peak = std::max(peak, double(std::fabs(x)));
                sum += x;
            }
            EXPECT_EQ(nonfinite, 0);
            EXPECT_LE(dsp::gain_to_db(float(peak)), -1.0f);
            EXPECT_LT(std::fabs(sum / double(out.size())), 1e-3) << "DC offset";

            LoudnessMeter m(48000, 2, true);
            m.add(out.data(), frames);
            EXPECT_NEAR(m.integrated(), -16.0, 1.0);
            EXPECT_LE(m.true_peak_db(), -1.0);

            // The last 200 ms are below -60 dBFS: the tail was drained, not cut.
            double end_peak = 0;
            for (std::size_t i = out.size() - 2 * 9600; i < out.size(); ++i)
                end_peak = std::max(end_peak, double(std::fabs(out[i])));
            EXPECT_LT(end_peak, 0.001);

            // Around the phrase boundary the signal moves no more sharply than elsewhere.
            std::size_t boundary =
                std::size_t(phrases[0].total_beats() * 60.0 / phrases[0].bpm * 48000);
            std::size_t window = 480;
            double step_near = 0, step_elsewhere = 0;
            for (std::size_t f = 1; f < frames; ++f)
                for (int c = 0; c < 2; ++c) {
                    double step = std::fabs(out[2 * f + c] - out[2 * (f - 1) + c]);
                    bool near = f + window > boundary && f < boundary + window;
                    (near ? step_near : step_elsewhere) =
                        std::max(near ? step_near : step_elsewhere, step);
                }
            EXPECT_LE(step_near, step_elsewhere) << "a click at the phrase boundary";
        }
}

TEST(Performance, SamePhrasesAndSeedGiveIdenticalSamples) {
    auto phrases = compose(9, 2);
    PerformanceSettings s;
    auto a = render(phrases, s), b = render(phrases, s);
    EXPECT_EQ(a, b);
    s.seed = 10;
    EXPECT_NE(render(phrases, s), a);
}

TEST(Performance, NoPhrasesNoOutput) {
    EXPECT_TRUE(render({}, PerformanceSettings{}).empty());
}

TEST(Performance, TempoComesFromEachPhrase) {
    // One phrase at 60 bpm and one at 120: 8 s + 4 s of music (2 bars of 4/4 each).
    auto slow = compose(3, 1, 60.0, 2), fast = compose(4, 1, 120.0, 2);
    std::vector<Phrase> both = {slow[0], fast[0]};
    both[1].seq = 1;
    PerformanceSettings s;
    std::size_t one = render(slow, s).size() / 2, two = render(both, s).size() / 2;
    EXPECT_GE(one, std::size_t(8 * 48000));
    EXPECT_GE(two, std::size_t(12 * 48000));
}

}  // namespace
}  // namespace ambient
