// The block forms of recurrences (the state-variable filter four samples at a time, the
// one-pole low-pass by a scan) against the same filters run sample by sample, and the
// hashed white noise measured as noise.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "signal.hpp"
#include "synth/chorus.hpp"
#include "synth/dsp.hpp"
#include "synth/svf.hpp"
#include "synth/upsampler.hpp"

namespace ambient {
namespace {

constexpr float rate = 48000.0f;

std::vector<float> random_signal(std::size_t n, unsigned seed) {
    std::mt19937 gen(seed);
    std::uniform_real_distribution<float> u(-1.0f, 1.0f);
    std::vector<float> x(n);
    for (float& v : x) v = u(gen);
    return x;
}

// The TPT state-variable filter sample by sample, in double: the reference.
struct SerialSvf {
    double k, a1, a2, a3, ic1 = 0.0, ic2 = 0.0;
    SerialSvf(float cutoff, float q) {
        const Svf s = Svf::at(rate, cutoff, q);
        k = s.k;
        a1 = s.a1;
        a2 = s.a2;
        a3 = s.a3;
    }
    double step(double v0, Svf::Output out) {
        const double v3 = v0 - ic2, v1 = a1 * ic1 + a2 * v3, v2 = ic2 + a2 * ic1 + a3 * v3;
        ic1 = 2.0 * v1 - ic1;
        ic2 = 2.0 * v2 - ic2;
        return out == Svf::Output::low ? v2 : out == Svf::Output::band ? v1 : v0 - k * v1 - v2;
    }
};

template <Svf::Output output>
void expect_like_serial(float cutoff_l, float cutoff_r, float q) {
    const std::size_t n = 24000;
    const std::vector<float> in_l = random_signal(n, 1), in_r = random_signal(n, 2);
    std::vector<float> out_l(n), out_r(n);
    StereoSvf f;
    f.init(rate);
    f.set(cutoff_l, cutoff_r, q);
    // Blocks of every length from 1 to 70: chunks of six and the samples left over.
    for (std::size_t at = 0, len = 1; at < n; at += len, len = len % 70 + 1) {
        len = std::min(len, n - at);
        f.process<output>(&in_l[at], &in_r[at], &out_l[at], &out_r[at], int(len));
    }
    SerialSvf l(cutoff_l, q), r(cutoff_r, q);
    double worst = 0.0, peak = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        const double yl = l.step(in_l[i], output), yr = r.step(in_r[i], output);
        worst = std::max({worst, std::fabs(yl - out_l[i]), std::fabs(yr - out_r[i])});
        peak = std::max({peak, std::fabs(yl), std::fabs(yr)});
    }
    EXPECT_GT(peak, 0.01);
    EXPECT_LT(worst, 2e-6 * std::max(peak, 1.0))
        << "cutoffs " << cutoff_l << "/" << cutoff_r << " Hz, Q " << q << ": worst " << worst
        << " against a peak of " << peak;
}

TEST(StereoSvfInChunks, IsTheFilterSampleBySampleForEveryOutputCutoffAndQ) {
    for (float q : {0.5f, 0.7071f, 4.0f, 10.0f})
        for (float cutoff : {10.0f, 120.0f, 1000.0f, 9000.0f, 23000.0f}) {
            expect_like_serial<Svf::Output::low>(cutoff, cutoff * 1.03f, q);
            expect_like_serial<Svf::Output::band>(cutoff, cutoff * 1.5f, q);
            expect_like_serial<Svf::Output::high>(cutoff, cutoff * 0.7f, q);
        }
}

TEST(StereoSvfInChunks, ANewSettingTakesEffectFromTheNextBlockWithTheStateKept) {
    StereoSvf f;
    f.init(rate);
    SerialSvf l(500.0f, 2.0f);
    const std::vector<float> in = random_signal(4096, 3);
    std::vector<float> out(64), unused(64);
    double worst = 0.0;
    for (std::size_t at = 0; at < in.size(); at += 64) {
        const float cutoff = 500.0f + float(at);  // a sweep, set every block
        f.set(cutoff, cutoff, 2.0f);
        const Svf s = Svf::at(rate, cutoff, 2.0f);
        l.k = s.k, l.a1 = s.a1, l.a2 = s.a2, l.a3 = s.a3;
        f.process<Svf::Output::low>(&in[at], &in[at], out.data(), unused.data(), 64);
        for (std::size_t i = 0; i < 64; ++i)
            worst = std::max(worst, std::fabs(l.step(in[at + i], Svf::Output::low) - out[i]));
    }
    EXPECT_LT(worst, 1e-5);
}

TEST(OnePole, IsTheRecurrenceSampleBySample) {
    for (float a : {0.0f, 0.3f, 0.95f, 0.9999f}) {
        const std::vector<float> x = random_signal(5000, 4);
        std::vector<float> y(x.size());
        float state = 0.25f;
        for (std::size_t at = 0, len = 1; at < x.size(); at += len, len = len % 37 + 1) {
            len = std::min(len, x.size() - at);
            dsp::one_pole(&x[at], &y[at], int(len), a, state);
        }
        double ref = 0.25, worst = 0.0;
        for (std::size_t i = 0; i < x.size(); ++i) {
            ref = (1.0 - a) * x[i] + a * ref;
            worst = std::max(worst, std::fabs(ref - y[i]));
        }
        EXPECT_LT(worst, 1e-5) << "a = " << a;
        EXPECT_FLOAT_EQ(state, y.back());
        std::vector<float> in_place = x;  // x may be y
        float s2 = 0.25f;
        dsp::one_pole(in_place.data(), in_place.data(), int(x.size()), a, s2);
        std::vector<float> whole(x.size());
        float s3 = 0.25f;
        dsp::one_pole(x.data(), whole.data(), int(x.size()), a, s3);
        EXPECT_EQ(in_place, whole);
    }
}

TEST(OnePole, ManyAtOnceAreEachAloneInAnyBlocks) {
    // The lead's voices: one to six signals, their chains side by side four at a time.
    for (int count = 1; count <= 6; ++count) {
        std::vector<std::vector<float>> alone, together;
        std::vector<float> alone_state, together_state;
        for (int c = 0; c < count; ++c) {
            alone.push_back(random_signal(2000, 10 + unsigned(c)));
            together.push_back(alone.back());
            alone_state.push_back(0.1f * float(c));
            together_state.push_back(0.1f * float(c));
        }
        for (std::size_t at = 0, len = 1; at < 2000; at += len, len = len % 41 + 1) {
            len = std::min<std::size_t>(len, 2000 - at);
            std::vector<float*> y, state;
            for (int c = 0; c < count; ++c) {
                auto k = std::size_t(c);
                dsp::one_pole(&alone[k][at], &alone[k][at], int(len), 0.93f, alone_state[k]);
                y.push_back(&together[k][at]);
                state.push_back(&together_state[k]);
            }
            dsp::one_pole(y.data(), state.data(), count, int(len), 0.93f);
        }
        EXPECT_EQ(together, alone) << count << " at once";
        EXPECT_EQ(together_state, alone_state) << count << " at once";
    }
}

TEST(OnePole, TwoAtOnceAreEachAloneInAnyBlocksAndInPlace) {
    for (float a : {0.0f, 0.5f, 0.9999f}) {
        const std::vector<float> x0 = random_signal(3000, 5), x1 = random_signal(3000, 6);
        std::vector<float> alone0(x0.size()), alone1(x1.size()), y0(x0.size()), y1 = x1;
        float s0 = 0.5f, s1 = -0.25f, t0 = s0, t1 = s1;
        // Blocks of every length from 1 to 29 (eights and samples left over), the second pair
        // in place.
        for (std::size_t at = 0, len = 1; at < x0.size(); at += len, len = len % 29 + 1) {
            len = std::min(len, x0.size() - at);
            dsp::one_pole(&x0[at], &alone0[at], int(len), a, s0);
            dsp::one_pole(&x1[at], &alone1[at], int(len), a, s1);
            dsp::one_pole(&x0[at], &y0[at], t0, &y1[at], &y1[at], t1, int(len), a);
        }
        EXPECT_EQ(y0, alone0) << "a = " << a;
        EXPECT_EQ(y1, alone1) << "a = " << a;
        EXPECT_EQ(t0, s0);
        EXPECT_EQ(t1, s1);
    }
}

TEST(StereoNoise, IsWhiteUniformAndTheSameForTheSameSeedInAnyBlocks) {
    const int n = 1 << 18;
    std::vector<float> l(n), r(n);
    dsp::StereoNoise noise(12345u, 12345u * 747796405u);
    for (int at = 0, len = 1; at < n; at += len, len = len % 64 + 1) {
        len = std::min(len, n - at);
        noise.fill(&l[at], &r[at], len);
    }
    double mean = 0.0, square = 0.0, lag1 = 0.0, cross = 0.0;
    int bins[10] = {};
    for (int i = 0; i < n; ++i) {
        ASSERT_GE(l[i], -1.0f);
        ASSERT_LT(l[i], 1.0f);
        mean += l[i];
        square += double(l[i]) * l[i];
        if (i > 0) lag1 += double(l[i]) * l[i - 1];
        cross += double(l[i]) * r[i];
        ++bins[std::min(9, int((l[i] + 1.0f) * 5.0f))];
    }
    mean /= n;
    EXPECT_NEAR(mean, 0.0, 0.01);
    EXPECT_NEAR(square / n, 1.0 / 3.0, 0.01) << "the variance of a uniform -1..1";
    EXPECT_NEAR(lag1 / square, 0.0, 0.01) << "each sample unrelated to the last";
    EXPECT_NEAR(cross / square, 0.0, 0.01) << "left unrelated to right";
    for (int b : bins) EXPECT_NEAR(b, n / 10, n / 100);

    std::vector<float> l2(n), r2(n);
    dsp::StereoNoise again(12345u, 12345u * 747796405u);
    again.fill(l2.data(), r2.data(), n);
    EXPECT_EQ(l, l2);
    EXPECT_EQ(r, r2);
    dsp::StereoNoise other(54321u, 54321u * 747796405u);
    other.fill(l2.data(), r2.data(), n);
    EXPECT_NE(l, l2);
}

}  // namespace
}  // namespace ambient

namespace ambient {
namespace {

// A sine at 24 kHz made up to 48 kHz, in blocks of `block` (the last may be shorter).
std::vector<float> upsampled_sine(double hz, int block, std::size_t frames = 24000) {
    std::vector<float> in(frames), out_l(2 * frames), out_r(2 * frames);
    for (std::size_t i = 0; i < frames; ++i)
        in[i] = static_cast<float>(0.5 * std::sin(2.0 * M_PI * hz * double(i) / 24000.0));
    Upsampler2x up;
    for (std::size_t at = 0; at < frames; at += std::size_t(block)) {
        const int n = int(std::min<std::size_t>(std::size_t(block), frames - at));
        up.process(&in[at], &in[at], n, &out_l[2 * at], &out_r[2 * at]);
    }
    EXPECT_EQ(out_l, out_r);
    return out_l;
}

// What lies under 0.3 of the input rate comes out as the same sine at the output's rate,
// `latency` frames later; at 0.4 of it, 0.2 dB quieter.
TEST(Upsampler2x, ASineComesOutTheSameSineLater) {
    for (double hz : {100.0, 1000.0, 4000.0, 9000.0}) {
        const auto out = upsampled_sine(hz, 64);
        double diff = 0.0, energy = 0.0;
        for (std::size_t i = 1000; i < out.size(); ++i) {
            const double t = double(i - Upsampler2x::latency) / 48000.0;
            const double want = 0.5 * std::sin(2.0 * M_PI * hz * t);
            diff += (out[i] - want) * (out[i] - want);
            energy += want * want;
        }
        // The passband's ripple (0.01 dB) is -60 dB of error; at its edge, 0.2 dB is -32.
        EXPECT_LT(10.0 * std::log10(diff / energy), hz < 7200.0 ? -55.0 : -30.0) << hz << " Hz";
    }
}

// The image of a tone at f (at 24 kHz - f, mirrored about the old Nyquist) is what an
// upsampler must remove: for tones under 0.3 of the input rate, 72 dB down or more.
TEST(Upsampler2x, TheImageAboveTheOldNyquistIsGone) {
    for (double hz : {200.0, 1000.0, 3000.0, 4800.0, 7200.0}) {
        const auto out = upsampled_sine(hz, 64);
        const std::vector<float> steady(out.begin() + 1000, out.end());
        const double tone = test::amplitude_at(steady, hz, 48000.0);
        const double image = test::amplitude_at(steady, 24000.0 - hz, 48000.0);
        EXPECT_NEAR(test::db(tone / 0.5), 0.0, 0.05) << hz << " Hz";
        EXPECT_LT(test::db(image / tone), -72.0) << "image of " << hz << " Hz";
    }
}

TEST(Upsampler2x, AnyBlocksGiveTheSameSamples) {
    const auto whole = upsampled_sine(1234.0, 24000);
    for (int block : {1, 7, 64, 65, 100}) EXPECT_EQ(upsampled_sine(1234.0, block), whole) << block;
}

}  // namespace
}  // namespace ambient

namespace ambient {
namespace {

// The chorus sample by sample, in double but for the sweep's fast sine, its phase exact: the
// reference.
std::vector<float> serial_chorus(const std::vector<float>& in, const ChorusSettings& s,
                                 bool right) {
    std::vector<double> line(4096, 0.0);
    std::vector<float> out(in.size());
    const double base = 0.012 * rate, depth = s.depth_ms * 0.001 * rate;
    for (std::size_t i = 0; i < in.size(); ++i) {
        line[i % line.size()] = in[i];
        const double phase = s.rate * double(i + 1) / rate + (right ? 0.25 : 0.0);
        const double delay = base + depth * dsp::sin_turns(static_cast<float>(phase));
        const auto whole = static_cast<std::size_t>(delay);
        const double frac = delay - double(whole);
        const double a = line[(i + 1 - whole + line.size()) % line.size()];
        const double b = line[(i - whole + line.size()) % line.size()];
        const double wet = a + (b - a) * frac;
        out[i] = static_cast<float>(in[i] + s.mix * (wet - in[i]) * 0.5);
    }
    return out;
}

// In stretches shorter than its shortest delay, the chorus is the chorus sample by sample
// (to the fast sine's error), in any blocks, at any depth.
TEST(ChorusInStretches, IsTheChorusSampleBySampleInAnyBlocks) {
    const auto x = random_signal(48000, 5);
    for (float depth : {2.5f, 10.0f}) {
        ChorusSettings s;
        s.mix = 0.6f;
        s.rate = 0.3f;
        s.depth_ms = depth;
        const auto want_l = serial_chorus(x, s, false), want_r = serial_chorus(x, s, true);
        for (int block : {1, 64, 256, 1000}) {
            Chorus c;
            c.init(rate, s);
            auto l = x, r = x;
            for (std::size_t at = 0; at < x.size(); at += std::size_t(block)) {
                const int n = int(std::min<std::size_t>(std::size_t(block), x.size() - at));
                c.process(&l[at], &r[at], n);
            }
            double worst = 0.0;
            for (std::size_t i = 0; i < x.size(); ++i)
                worst = std::max({worst, std::fabs(double(l[i]) - want_l[i]),
                                  std::fabs(double(r[i]) - want_r[i])});
            EXPECT_LT(worst, 2e-3) << "depth " << depth << " ms, blocks of " << block;
        }
    }
}

TEST(Exp2Fast, IsExp2ToAThousandthOfACent) {
    double worst = 0.0;
    for (int i = -200000; i <= 200000; ++i) {
        const float x = float(i) * 1e-4f;  // -20 .. 20 octaves
        const double want = std::exp2(double(x));
        worst = std::max(worst, std::fabs(double(dsp::exp2_fast(x)) / want - 1.0));
    }
    EXPECT_LT(worst, 3e-7) << "1e-6 would be 0.002 cents";
}

}  // namespace
}  // namespace ambient
