// Reverb, delay and limiter measured on impulses and test signals.
#include <gtest/gtest.h>

#include <cfloat>
#include <random>

#include "audio/loudness.hpp"
#include "signal.hpp"
#include "synth/delay_line.hpp"
#include "synth/dsp.hpp"
#include "synth/limiter.hpp"
#include "synth/reverb.hpp"
#include "synth/stereo_delay.hpp"

namespace ambient {
namespace {

constexpr float rate = 48000.0f;

// RT60 from the Schroeder backward-integrated energy decay, fitted between -5 and -35 dB.
double measured_rt60(float decay) {
    Reverb r;
    r.init(rate, ReverbSettings{decay, 1.0f, 0.0f, 0.0f, 1.0f});
    std::size_t n = static_cast<std::size_t>(rate * decay * 1.5f);
    std::vector<float> l(n, 0.0f), rr(n, 0.0f), wl(n), wr(n);
    l[0] = rr[0] = 1.0f;
    for (std::size_t i = 0; i < n; i += 64) {
        int m = static_cast<int>(std::min<std::size_t>(64, n - i));
        r.process_wet(&l[i], &rr[i], &wl[i], &wr[i], m);
    }
    std::vector<double> energy(n + 1, 0.0);
    for (std::size_t i = n; i-- > 0;)
        energy[i] = energy[i + 1] + double(wl[i]) * wl[i] + double(wr[i]) * wr[i];
    double t5 = -1, t35 = -1;
    for (std::size_t i = 0; i < n; ++i) {
        double level = 10.0 * std::log10(energy[i] / energy[0]);
        if (t5 < 0 && level <= -5.0) t5 = double(i) / rate;
        if (t35 < 0 && level <= -35.0) t35 = double(i) / rate;
    }
    return 2.0 * (t35 - t5);  // T30, extrapolated to 60 dB
}

TEST(Reverb, DecayTimeWithinTwentyPercentOfItsSetting) {
    for (float decay : {2.0f, 6.0f, 10.0f}) {
        double rt = measured_rt60(decay);
        EXPECT_NEAR(rt, decay, 0.2 * decay) << "set " << decay << " s, measured " << rt << " s";
    }
}

TEST(Reverb, StereoAndPredelay) {
    Reverb r;
    r.init(rate, ReverbSettings{3.0f, 1.0f, 0.3f, 20.0f, 1.0f});
    std::vector<float> l(48000, 0.0f), rr(48000, 0.0f), wl(48000), wr(48000);
    l[0] = 1.0f;
    for (std::size_t i = 0; i < l.size(); i += 64) r.process_wet(&l[i], &rr[i], &wl[i], &wr[i], 64);
    std::size_t first = 0;
    while (first < wl.size() && wl[first] == 0.0f && wr[first] == 0.0f) ++first;
    EXPECT_GE(first, std::size_t(960)) << "nothing before the 20 ms pre-delay";
    double correlation = 0, el = 0, er = 0;
    for (std::size_t i = 0; i < wl.size(); ++i) {
        correlation += double(wl[i]) * wr[i];
        el += double(wl[i]) * wl[i];
        er += double(wr[i]) * wr[i];
    }
    EXPECT_GT(er, 0.1 * el) << "a left input reaches the right side";
    EXPECT_LT(std::fabs(correlation / std::sqrt(el * er)), 0.5) << "the sides are decorrelated";
}

TEST(Reverb, ThePreDelayOnlyDelaysInBlocksOfAnyLength) {
    // Pre-delays shorter and longer than a block, in blocks of every length up to the
    // longest: the tail is the one without a pre-delay, that many frames later.
    const std::size_t n = 24000;
    std::vector<float> l(n), r(n);
    std::mt19937 gen(4);
    std::uniform_real_distribution<float> u(-0.5f, 0.5f);
    for (std::size_t i = 0; i < 3000; ++i) {
        l[i] = u(gen);
        r[i] = u(gen);
    }
    auto run = [&](float predelay_ms, bool uneven) {
        Reverb reverb;
        reverb.init(rate, ReverbSettings{2.0f, 0.6f, 0.3f, predelay_ms, 1.0f});
        std::vector<float> wl(n), wr(n);
        for (std::size_t i = 0, m = 64; i < n; i += m) {
            if (uneven) m = m * 13 % Reverb::max_block + 1;
            m = std::min(m, n - i);
            reverb.process_wet(&l[i], &r[i], &wl[i], &wr[i], static_cast<int>(m));
        }
        return std::pair{wl, wr};
    };
    const auto [none_l, none_r] = run(0.0f, false);
    double peak = 0.0;
    for (float x : none_l) peak = std::max(peak, double(std::fabs(x)));
    ASSERT_GT(peak, 0.01);
    for (float ms : {0.0f, 0.5f, 3.0f, 10.0f, 15.0f, 40.0f, 200.0f}) {
        const auto lag = static_cast<std::size_t>(ms * 0.001f * rate);
        const auto [wl, wr] = run(ms, true);
        double worst = 0.0;
        for (std::size_t i = 0; i < lag; ++i)
            worst = std::max({worst, double(std::fabs(wl[i])), double(std::fabs(wr[i]))});
        for (std::size_t i = lag; i < n; ++i)
            worst = std::max({worst, double(std::fabs(wl[i] - none_l[i - lag])),
                              double(std::fabs(wr[i] - none_r[i - lag]))});
        EXPECT_LT(worst, 1e-5 * peak) << ms << " ms";
    }
}

TEST(Reverb, TheSmallestRoomInTheLongestBlocksIsAsInShortOnes) {
    // At 44.1 kHz the smallest room's shortest line (8.9 ms) is shorter than the engine's
    // block: a block must not read what it has not yet written.
    const float at = 44100.0f;
    const ReverbSettings small{2.0f, 0.3f, 0.2f, 0.0f, 1.0f};
    const std::size_t n = 44100;
    std::vector<float> l(n), r(n);
    std::mt19937 gen(9);
    std::uniform_real_distribution<float> u(-0.5f, 0.5f);
    for (std::size_t i = 0; i < 2000; ++i) l[i] = r[i] = u(gen);  // a burst, then its tail
    auto run = [&](int block) {
        Reverb reverb;
        reverb.init(at, small);
        std::vector<float> wl(n), wr(n);
        for (std::size_t i = 0; i < n; i += std::size_t(block)) {
            const int m = static_cast<int>(std::min<std::size_t>(std::size_t(block), n - i));
            reverb.process_wet(&l[i], &r[i], &wl[i], &wr[i], m);
        }
        return wl;
    };
    const auto long_blocks = run(Reverb::max_block), short_blocks = run(7);
    double worst = 0.0, peak = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        worst = std::max(worst, double(std::fabs(long_blocks[i] - short_blocks[i])));
        peak = std::max(peak, double(std::fabs(short_blocks[i])));
    }
    EXPECT_GT(peak, 0.01);
    EXPECT_LT(worst, 1e-5 * peak);
}

TEST(Reverb, TailsNeverGoSubnormal) {
    // Decaying feedback would end in subnormal numbers (and slow arithmetic) without the guard.
    dsp::DenormalGuard guard;
    Reverb r;
    r.init(rate, ReverbSettings{4.0f, 1.0f, 0.5f, 10.0f, 1.0f});
    std::vector<float> l(64, 0.0f), rr(64, 0.0f), wl(64), wr(64);
    l[0] = 1.0f;
    long subnormal = 0, nonzero_after = 0;
    for (int block = 0; block < 48000 * 120 / 64; ++block) {  // two minutes
        r.process_wet(l.data(), rr.data(), wl.data(), wr.data(), 64);
        l[0] = 0.0f;
        for (float x : wl) {
            subnormal += std::fpclassify(x) == FP_SUBNORMAL;
            nonzero_after += block > 48000 * 100 / 64 && x != 0.0f;
        }
    }
    EXPECT_EQ(subnormal, 0);
    EXPECT_EQ(nonzero_after, 0) << "the tail reaches true zero";
}

TEST(StereoDelay, EchoesArriveOnTheBeatAndAlternateSides) {
    StereoDelay d;
    d.init(rate, DelaySettings{0.5f, 0.5f, 0.0f, 1.0f});
    d.set_tempo(120.0f);  // half a beat at 120 bpm: 0.25 s
    std::vector<float> l(48000, 0.0f), r(48000, 0.0f);
    l[0] = r[0] = 1.0f;
    for (std::size_t i = 0; i < l.size(); i += 64) d.process(&l[i], &r[i], 64);
    auto loudest = [](const std::vector<float>& x, std::size_t from, std::size_t to) {
        std::size_t at = from;
        for (std::size_t i = from; i < to; ++i)
            if (std::fabs(x[i]) > std::fabs(x[at])) at = i;
        return at;
    };
    EXPECT_NEAR(double(loudest(l, 1, 18000)), 12000.0, 2.0) << "first echo left after 0.25 s";
    EXPECT_NEAR(double(loudest(r, 13000, 30000)), 24000.0, 2.0) << "second echo right after 0.5 s";
    EXPECT_LT(std::fabs(r[12000]), 1e-4f);
}

TEST(DelayLine, FittingKeepsTheNewestHistory) {
    DelayLine line;
    line.init(1000);
    for (int i = 1; i <= 1000; ++i) line.write(float(i));
    line.fit(5000);  // longer: the history, then silence
    ASSERT_GE(line.capacity(), 5000u);
    for (std::size_t d = 1; d <= 1000; ++d) ASSERT_EQ(line.read(d), float(1001 - d)) << d;
    for (std::size_t d = 1001; d <= line.capacity(); ++d) ASSERT_EQ(line.read(d), 0.0f) << d;
    line.fit(100);  // shorter: the newest of it
    ASSERT_GE(line.capacity(), 100u);
    ASSERT_LT(line.capacity(), 1000u);
    for (std::size_t d = 1; d <= line.capacity(); ++d) ASSERT_EQ(line.read(d), float(1001 - d));
    line.write(1001.0f);
    EXPECT_EQ(line.read(1), 1001.0f);
    EXPECT_EQ(line.read(2), 1000.0f);
}

// The delay's lines hold what its time needs: slower tempos make them longer, faster ones
// shorter, and each echo still comes on its beat.
TEST(StereoDelay, EchoesFollowTheTempoAsTheLinesGrowAndShrink) {
    StereoDelay d;
    d.init(rate, DelaySettings{0.5f, 0.0f, 0.0f, 1.0f});  // half a beat, no feedback
    d.set_tempo(120.0f);
    std::vector<float> l(4 * 48000, 0.0f), r(l.size(), 0.0f);
    auto echo_after = [&](float bpm) {
        d.set_tempo(bpm);
        std::fill(l.begin(), l.end(), 0.0f);
        std::fill(r.begin(), r.end(), 0.0f);
        for (std::size_t i = 0; i < l.size(); i += 256) d.process(&l[i], &r[i], 256);  // glide
        l[0] = r[0] = 1.0f;
        for (std::size_t i = 0; i < l.size(); i += 256) d.process(&l[i], &r[i], 256);
        std::size_t at = 1;
        for (std::size_t i = 1; i < l.size(); ++i)
            if (std::fabs(l[i]) > std::fabs(l[at])) at = i;
        return at;
    };
    EXPECT_NEAR(double(echo_after(15.0f)), 96000.0, 2.0) << "2 s at 15 bpm: the lines grew";
    EXPECT_NEAR(double(echo_after(240.0f)), 6000.0, 2.0) << "0.125 s at 240 bpm: shrank";
    EXPECT_NEAR(double(echo_after(20.0f)), 72000.0, 2.0) << "1.5 s at 20 bpm: grew again";
}

struct LimiterRun {
    std::vector<float> out;
    double true_peak_db;
};

LimiterRun limit(std::vector<float> in, float ceiling_db) {
    Limiter lim;
    lim.init(rate, LimiterSettings{ceiling_db, 5.0f, 100.0f});
    const std::size_t frames = in.size() / 2;
    std::vector<float> l(frames), r(frames);
    for (std::size_t f = 0; f < frames; ++f) l[f] = in[2 * f], r[f] = in[2 * f + 1];
    for (std::size_t i = 0; i < frames; i += 256)
        lim.process(&l[i], &r[i], static_cast<int>(std::min<std::size_t>(256, frames - i)));
    for (std::size_t f = 0; f < frames; ++f) in[2 * f] = l[f], in[2 * f + 1] = r[f];
    LoudnessMeter m(48000, 2, true);
    m.add(in.data(), in.size() / 2);
    return {in, m.true_peak_db()};
}

TEST(Limiter, NeverAboveTheCeilingIncludingBetweenSamples) {
    std::mt19937 gen(7);
    std::normal_distribution<float> noise(0.0f, 1.0f);
    std::vector<float> loud(2 * 48000 * 3);
    for (std::size_t i = 0; i < loud.size(); i += 2) {
        float t = float(i / 2) / rate;
        // Noise 12 dB over full scale, then a sine at fs/4 with a 45-degree phase: its samples
        // sit at 0.707 of its true peak, the classic inter-sample overshoot.
        float x = t < 1.5f ? 4.0f * noise(gen)
                           : 3.0f * std::sin(2.0f * float(M_PI) * 12000.0f * t + 0.785f);
        loud[i] = x;
        loud[i + 1] = -x;
    }
    LimiterRun run = limit(loud, -1.0f);
    float peak = 0;
    for (float x : run.out) peak = std::max(peak, std::fabs(x));
    EXPECT_LE(dsp::gain_to_db(peak), -1.0f);
    EXPECT_LE(run.true_peak_db, -1.0) << "true peak (libebur128, 4x oversampled)";
}

TEST(Limiter, QuietSignalPassesUntouchedAfterItsLatency) {
    // Look-aheads shorter and longer than the limiter's block, in uneven pieces.
    for (float lookahead_ms : {1.0f, 5.0f, 20.0f}) {
        Limiter lim;
        lim.init(rate, LimiterSettings{-1.0f, lookahead_ms, 100.0f});
        std::vector<float> x(4800);
        for (std::size_t i = 0; i < x.size(); ++i) x[i] = 0.5f * std::sin(float(i) * 0.01f);
        std::vector<float> l = x, r = x;
        for (float& v : r) v = -v;
        for (std::size_t at = 0, n = 1; at < x.size(); at += n, n = n * 5 % 301 + 1)
            lim.process(&l[at], &r[at], static_cast<int>(std::min(n, x.size() - at)));
        auto lag = static_cast<std::size_t>(lim.latency());
        for (std::size_t i = lag; i < x.size(); ++i) {
            ASSERT_EQ(l[i], x[i - lag]) << lookahead_ms << " ms, frame " << i;  // a plain delay
            ASSERT_EQ(r[i], -x[i - lag]) << lookahead_ms << " ms, frame " << i;
        }
        EXPECT_FLOAT_EQ(lim.reduction_db(), 0.0f);
        EXPECT_FALSE(lim.limited());
    }
}

TEST(Limiter, CatchesALoudSampleWhereverItFallsInABlock) {
    // One loud sample among quiet ones, at every place in the limiter's blocks of 64 and of
    // its groups of 8 (where it looks closer only near loud samples), in uneven pieces.
    for (int at = 0; at < 160; ++at) {
        std::vector<float> x(2 * 2000);
        for (std::size_t i = 0; i < x.size(); i += 2)
            x[i] = x[i + 1] = 0.05f * std::sin(float(i) * 0.003f);
        const auto spike = static_cast<std::size_t>(1000 + at);
        x[2 * spike] = 1.6f;
        x[2 * spike + 1] = at % 2 ? -1.2f : 0.3f;  // on the right too, or not
        const LimiterRun run = limit(x, -1.0f);
        float peak = 0;
        for (float v : run.out) peak = std::max(peak, std::fabs(v));
        ASSERT_LE(dsp::gain_to_db(peak), -1.0f) << "spike at " << at;
        ASSERT_LE(run.true_peak_db, -1.0) << "spike at " << at;
    }
}

TEST(Limiter, RecoversExponentiallyAndThenIsExactlyADelay) {
    // A burst, then a steady quiet tone: the gain falls at the burst, then recovers as
    // 1 - shortfall (1 - release)^n, and once recovered the tone passes bit for bit.
    const float release_ms = 100.0f;
    Limiter lim;
    lim.init(rate, LimiterSettings{-1.0f, 5.0f, release_ms});
    const std::size_t frames = 48000 * 4;
    std::vector<float> in(frames);
    for (std::size_t i = 0; i < frames; ++i)
        in[i] = (i >= 4800 && i < 4900 ? 3.0f : 0.1f) * (i % 2 ? 1.0f : -1.0f);
    std::vector<float> l = in, r = in;
    for (std::size_t at = 0, n = 1; at < frames; at += n, n = n * 7 % 509 + 1)
        lim.process(&l[at], &r[at], static_cast<int>(std::min(n, frames - at)));
    const auto lag = static_cast<std::size_t>(lim.latency());
    auto gain = [&](std::size_t i) { return double(l[i + lag]) / double(in[i]); };
    EXPECT_LT(gain(4850), 0.35) << "the burst is brought down to the ceiling";
    // The recovery from some frames after the burst (the hold and the average done).
    const double a = 1.0 - double(dsp::smoothing_coefficient(release_ms * 0.001f, rate));
    const std::size_t from = 4900 + 3 * lag;
    const double shortfall = 1.0 - gain(from);
    ASSERT_GT(shortfall, 0.05);
    for (std::size_t n = 0; from + n + lag < frames && n < 48000; n += 97)
        ASSERT_NEAR(gain(from + n), 1.0 - shortfall * std::pow(a, double(n)), 1e-5) << n;
    for (std::size_t i = frames - 4800; i < frames - lag; ++i)
        ASSERT_EQ(l[i + lag], in[i]) << "frame " << i;
    EXPECT_FLOAT_EQ(lim.reduction_db(), 0.0f);
    EXPECT_TRUE(lim.limited());
}

}  // namespace
}  // namespace ambient
