// One lifecycle for effects (EffectChain: alignment, tails, look-ahead), the fast
// integrated and short-term loudness against libebur128, the gain's glide, and the one-pass
// mastering through its store.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <random>

#include "audio/k_weighting.hpp"
#include "audio/loudness.hpp"
#include "audio/mastering.hpp"
#include "core/error.hpp"
#include "synth/effect_chain.hpp"
#include "synth/gain.hpp"
#include "synth/limiter.hpp"
#include "synth/reverb.hpp"

namespace ambient {
namespace {

constexpr int rate = 48000;

std::vector<float> noise(std::size_t frames, float level, unsigned seed = 1) {
    std::mt19937 gen(seed);
    std::normal_distribution<float> n(0.0f, level);
    std::vector<float> x(2 * frames);
    for (float& v : x) v = n(gen);
    return x;
}

double ebur128_integrated(const std::vector<float>& x) {
    LoudnessMeter m(rate, 2);
    m.add(x.data(), x.size() / 2);
    return m.integrated();
}

double ours(const std::vector<float>& x) {
    IntegratedLoudness m(rate);
    // In uneven pieces, as blocks arrive.
    for (std::size_t at = 0, n = 1; at < x.size() / 2; at += n, n = n * 7 % 5000 + 1)
        m.add(&x[2 * at], std::min(n, x.size() / 2 - at));
    return m.integrated();
}

TEST(IntegratedLoudness, AgreesWithLibebur128) {
    // Noise at several levels, sines low and high (the K-weighting's shelf and high-pass),
    // a loud stretch after a quiet one (the relative gate), and silence then sound (the
    // absolute gate).
    std::vector<std::vector<float>> signals = {noise(rate * 5, 0.3f), noise(rate * 7, 0.01f, 2)};
    for (float hz : {60.0f, 1000.0f, 8000.0f}) {
        std::vector<float> x(2 * rate * 4);
        for (std::size_t i = 0; i < x.size() / 2; ++i)
            x[2 * i] = x[2 * i + 1] = 0.5f * std::sin(2.0f * 3.14159265f * hz * float(i) / rate);
        signals.push_back(x);
    }
    auto quiet_then_loud = noise(rate * 4, 0.003f, 3);
    auto loud = noise(rate * 4, 0.5f, 4);
    quiet_then_loud.insert(quiet_then_loud.end(), loud.begin(), loud.end());
    signals.push_back(quiet_then_loud);
    std::vector<float> silent_start(2 * rate * 3, 0.0f);
    auto sound = noise(rate * 3, 0.2f, 5);
    silent_start.insert(silent_start.end(), sound.begin(), sound.end());
    signals.push_back(silent_start);
    for (std::size_t i = 0; i < signals.size(); ++i)
        EXPECT_NEAR(ours(signals[i]), ebur128_integrated(signals[i]), 0.02) << "signal " << i;
}

TEST(IntegratedLoudness, SilenceHasNone) {
    IntegratedLoudness m(rate);
    std::vector<float> x(2 * rate * 2, 0.0f);
    m.add(x.data(), rate * 2);
    EXPECT_EQ(m.integrated(), -200.0);
}

TEST(ShortTermLoudness, AgreesWithLibebur128EveryHalfSecond) {
    // Quiet noise, then loud, then a low sine: the last 3 s as the follower asks for them,
    // twice a second (on 100 ms steps, where both look at the same 3 s), from planes.
    auto x = noise(rate * 4, 0.01f, 6);
    auto loud = noise(rate * 4, 0.3f, 7);
    x.insert(x.end(), loud.begin(), loud.end());
    for (std::size_t i = 0; i < std::size_t(rate) * 4; ++i) {
        const float v = 0.4f * std::sin(2.0f * 3.14159265f * 80.0f * float(i) / rate);
        x.push_back(v);
        x.push_back(-v);
    }
    LoudnessMeter reference(rate, 2);
    ShortTermLoudness ours(rate);
    const std::size_t half = rate / 2;
    std::vector<float> l(half), r(half);
    int compared = 0;
    for (std::size_t at = 0; at + half <= x.size() / 2; at += half) {
        for (std::size_t i = 0; i < half; ++i) {
            l[i] = x[2 * (at + i)];
            r[i] = x[2 * (at + i) + 1];
        }
        reference.add(&x[2 * at], half);
        ours.add(l.data(), r.data(), half);
        if (at + half < std::size_t(rate) * 3) continue;  // libebur128 counts zeros before
        EXPECT_NEAR(ours.short_term(), reference.short_term(), 0.02) << "at " << at;
        ++compared;
    }
    EXPECT_GE(compared, 18);
}

TEST(ShortTermLoudness, TheFirstStepsCountAloneAndSilenceHasNone) {
    ShortTermLoudness m(rate);
    EXPECT_EQ(m.short_term(), -200.0);
    std::vector<float> l(rate / 10, 0.0f), r(rate / 10, 0.0f);
    m.add(l.data(), r.data(), l.size());
    EXPECT_EQ(m.short_term(), -200.0);
    // 200 ms of a full-scale 1 kHz sine on both channels: about -0.7 + 10 log10(2 * 0.5) +
    // the shelf's gain there, whatever came in the 2.8 s before the piece began.
    ShortTermLoudness sine(rate);
    for (std::size_t i = 0; i < l.size() * 2; ++i) {
        const float v = std::sin(2.0f * 3.14159265f * 1000.0f * float(i) / rate);
        sine.add(&v, &v, 1);
    }
    EXPECT_NEAR(sine.short_term(), 0.0, 0.2);
}

TEST(Gain, GlidesAsTheSampleBySampleStepWouldAndLandsOnTheTarget) {
    // The closed form over blocks against the recurrence g += (target - g) / 1000, in
    // blocks of uneven sizes, then the target held exactly.
    Gain gain(0.0f);
    gain.set_db(-12.0f);
    const float target = std::pow(10.0f, -12.0f / 20.0f);
    double g = 1.0;
    std::vector<float> l(1000), r(1000);
    std::size_t done = 0;
    for (int n : {1, 7, 64, 65, 200, 13, 650}) {
        std::fill(l.begin(), l.end(), 1.0f);
        std::fill(r.begin(), r.end(), -0.5f);
        gain.process(l.data(), r.data(), n);
        for (int i = 0; i < n; ++i) {
            g += (double(target) - g) * 0.001;
            ASSERT_NEAR(l[std::size_t(i)], g, 1e-5) << "sample " << done + std::size_t(i);
            ASSERT_NEAR(r[std::size_t(i)], -0.5 * g, 1e-5);
        }
        done += std::size_t(n);
    }
    for (int block = 0; block < 30; ++block) {
        std::fill(l.begin(), l.end(), 1.0f);
        gain.process(l.data(), r.data(), 1000);
    }
    for (float v : l) ASSERT_EQ(v, target) << "settled";
}

// Runs a chain over `in` (stereo, interleaved) in blocks of 300, then drains it.
std::vector<float> through(EffectChain& chain, const std::vector<float>& in) {
    std::vector<float> out, l(300), r(300);
    auto keep = [&](int n) {
        for (int i = 0; i < n; ++i)
            out.push_back(l[std::size_t(i)]), out.push_back(r[std::size_t(i)]);
    };
    for (std::size_t at = 0; at < in.size() / 2; at += 300) {
        const std::size_t n = std::min<std::size_t>(300, in.size() / 2 - at);
        for (std::size_t i = 0; i < n; ++i) l[i] = in[2 * (at + i)], r[i] = in[2 * (at + i) + 1];
        keep(chain.process(l.data(), r.data(), int(n)));
    }
    while (int n = chain.drain(l.data(), r.data(), 300)) keep(n);
    return out;
}

TEST(EffectChain, LinesUpWithTheInputAndLetsOutTheLookAhead) {
    EffectChain chain(rate);
    auto limiter = std::make_unique<Limiter>();
    limiter->init(rate, LimiterSettings{});
    chain.add(std::make_unique<Gain>(-6.0f));
    chain.add(std::move(limiter));
    EXPECT_GT(chain.latency(), 0);
    auto in = noise(10007, 0.1f);
    auto out = through(chain, in);
    ASSERT_EQ(out.size(), in.size()) << "as long as the input: no tail, the look-ahead let out";
    const float half = std::pow(10.0f, -6.0f / 20.0f);
    for (std::size_t i = 0; i < in.size(); ++i) ASSERT_FLOAT_EQ(out[i], in[i] * half) << i;
}

TEST(EffectChain, RingsOnAfterTheInputThenEnds) {
    EffectChain chain(rate, 30.0f);
    auto reverb = std::make_unique<Reverb>();
    reverb->init(rate, ReverbSettings{2.0f, 1.0f, 0.3f, 20.0f, 0.3f});
    chain.add(std::move(reverb));
    auto limiter = std::make_unique<Limiter>();
    limiter->init(rate, LimiterSettings{});
    chain.add(std::move(limiter));
    auto in = noise(rate / 2, 0.3f);
    auto out = through(chain, in);
    const std::size_t frames = out.size() / 2;
    // A 2 s hall rings on past the input, and stops once it has fallen below -60 dBFS.
    EXPECT_GT(frames, std::size_t(rate) * 3 / 2);
    EXPECT_LT(frames, std::size_t(rate) * 5);
    float last = 0.0f;
    for (std::size_t i = out.size() - 2 * rate / 10; i < out.size(); ++i)
        last = std::max(last, std::fabs(out[i]));
    EXPECT_LT(last, 0.001f) << "the tail ends in silence, not cut off";
}

TEST(EffectChain, StopsALoudTailAtItsLongest) {
    EffectChain chain(rate, 1.0f);
    auto reverb = std::make_unique<Reverb>();
    reverb->init(rate, ReverbSettings{30.0f, 2.0f, 0.0f, 0.0f, 1.0f});
    chain.add(std::move(reverb));
    auto out = through(chain, noise(rate / 10, 0.5f));
    EXPECT_LE(out.size() / 2, std::size_t(rate) * 11 / 10 + 600);
}

TEST(Mastering, AQuietPieceIsOnlyAGain) {
    SampleStore store(std::filesystem::temp_directory_path().string());
    auto x = noise(rate * 3, 0.01f);
    store.write(x.data(), x.size() / 2);
    std::vector<float> out;
    const Mastered m = master_from_store(
        store, rate, 6.0, LimiterSettings{-1.0f},
        [&](const float* b, int n) { out.insert(out.end(), b, b + 2 * n); }, false);
    EXPECT_FALSE(m.limited);
    ASSERT_EQ(out.size(), x.size());
    const float gain = std::pow(10.0f, 6.0f / 20.0f);
    for (std::size_t i = 0; i < x.size(); ++i) ASSERT_FLOAT_EQ(out[i], x[i] * gain) << i;
}

TEST(SampleStore, GivesBackWhatWasWrittenAndAgain) {
    SampleStore store(std::filesystem::temp_directory_path().string());
    auto x = noise(300000, 0.5f);  // more than its buffer
    store.write(x.data(), 1000);
    store.write(x.data() + 2000, x.size() / 2 - 1000);
    EXPECT_EQ(store.frames(), x.size() / 2);
    for (int pass = 0; pass < 2; ++pass) {
        store.rewind();
        std::vector<float> back;
        const float* block = nullptr;
        while (std::size_t n = store.read(block, 777))
            back.insert(back.end(), block, block + 2 * n);
        ASSERT_EQ(back, x) << "pass " << pass;
    }
}

TEST(SampleStore, FallsBackOnTmpdirThenIsAnIoErrorNamingTheFolder) {
    const char* had = std::getenv("TMPDIR");
    const std::string saved = had ? had : "";
    ::setenv("TMPDIR", std::filesystem::temp_directory_path().c_str(), 1);
    {
        SampleStore store("/nonexistent/folder");  // a folder it cannot write to: $TMPDIR
        float frame[2] = {0.25f, -0.5f};
        store.write(frame, 1);
        store.rewind();
        const float* back = nullptr;
        ASSERT_EQ(store.read(back, 1), 1u);
        EXPECT_EQ(back[1], -0.5f);
    }
    ::setenv("TMPDIR", "/nonexistent/tmp", 1);
    try {
        SampleStore store("/nonexistent/folder");
        ADD_FAILURE() << "made a store with nowhere to put it";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::io);
        EXPECT_EQ(e.where().file, "/nonexistent/folder");
        EXPECT_NE(std::string(e.what()).find("/nonexistent/tmp"), std::string::npos) << e.what();
    }
    if (had)
        ::setenv("TMPDIR", saved.c_str(), 1);
    else
        ::unsetenv("TMPDIR");
}

TEST(Mastering, HoldsTheCeilingAndMeasuresWhatItSent) {
    SampleStore store(std::filesystem::temp_directory_path().string());
    auto x = noise(rate * 6, 0.05f);
    store.write(x.data(), x.size() / 2);
    IntegratedLoudness before(rate);
    before.add(x.data(), x.size() / 2);
    const double gain = -9.0 - before.integrated();  // loud: peaks past the ceiling
    std::vector<float> out;
    const Mastered m = master_from_store(
        store, rate, gain, LimiterSettings{-1.0f},
        [&](const float* b, int n) { out.insert(out.end(), b, b + 2 * n); }, true);
    EXPECT_TRUE(m.limited) << "noise this loud has peaks to limit";
    const double lufs = m.lufs;
    EXPECT_EQ(out.size(), x.size());
    EXPECT_NEAR(lufs, ebur128_integrated(out), 0.02);
    LoudnessMeter peak(rate, 2, true);
    peak.add(out.data(), out.size() / 2);
    EXPECT_LE(peak.true_peak_db(), -1.0);
    EXPECT_LT(lufs, -9.0) << "the limiter takes a little off";
    EXPECT_GT(lufs, -10.0);
}

}  // namespace
}  // namespace ambient
