// The live loudness follower: it trusts the calibrated starting gain through a swell, finds
// a mix that is off by a few dB within seconds and no faster than it promises (and one off
// by more than its gate), and leaves a quiet passage alone.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <random>
#include <vector>

#include "audio/k_weighting.hpp"
#include "audio/loudness_follower.hpp"

namespace ambient {
namespace {

constexpr int rate = 48000, block = 64;
constexpr double target = -16.0;

// Noise whose loudness is `lufs(t)` at time t, played through a follower started at gain 0
// (the engine's calibration); returns the gain after each block, with the time.
struct Gains {
    std::vector<double> seconds, gain_db;
};

Gains follow(const std::function<double(double)>& lufs, double length_s) {
    // The level of unit noise, measured once, so that a level in LUFS is a gain on it.
    std::mt19937 gen(3);
    std::normal_distribution<float> n(0.0f, 1.0f);
    std::vector<float> l(rate * 4), r(rate * 4);
    for (std::size_t i = 0; i < l.size(); ++i) l[i] = n(gen), r[i] = n(gen);
    IntegratedLoudness unit(rate);
    std::vector<float> both(2 * l.size());
    for (std::size_t i = 0; i < l.size(); ++i) both[2 * i] = l[i], both[2 * i + 1] = r[i];
    unit.add(both.data(), l.size());
    const double unit_lufs = unit.integrated();

    LoudnessFollower follower(rate, target, 0.0);
    Gains run;
    std::vector<float> bl(block), br(block);
    for (long at = 0; at < long(length_s * rate); at += block) {
        const double t = double(at) / rate;
        const float a = float(std::pow(10.0, (lufs(t) - unit_lufs) / 20.0));
        for (int i = 0; i < block; ++i)
            bl[i] = a * l[(at + i) % l.size()], br[i] = a * r[(at + i) % r.size()];
        run.gain_db.push_back(follower.hear(bl.data(), br.data(), block, t));
        run.seconds.push_back(t);
    }
    return run;
}

TEST(LoudnessFollower, TrustsTheCalibrationWhileTheMusicSwells) {
    // A pad's attack: from -40 LUFS to the target over 2.5 s, then there.
    const Gains run =
        follow([](double t) { return t < 2.5 ? -40.0 + 24.0 * t / 2.5 : target; }, 30);
    for (double g : run.gain_db) EXPECT_NEAR(g, 0.0, 0.5);
}

TEST(LoudnessFollower, FindsAQuietMixAsFastAsItPromisesAndNoFaster) {
    const Gains run = follow([](double) { return target - 6.0; }, 60);
    double last = 0.0;
    for (std::size_t i = 0; i < run.gain_db.size(); ++i) {
        const double rate_limit = run.seconds[i] < 20.0 ? LoudnessFollower::settling_db_per_second
                                                        : LoudnessFollower::steady_db_per_second;
        EXPECT_LE(run.gain_db[i] - last, rate_limit / 2 + 1e-9) << "at " << run.seconds[i] << " s";
        last = run.gain_db[i];
        if (run.seconds[i] < 6.0) {
            EXPECT_EQ(run.gain_db[i], 0.0) << "while the music swells in";
        }
    }
    EXPECT_NEAR(run.gain_db.back(), 6.0, 0.5);
}

TEST(LoudnessFollower, FindsAMixFarFromItsCalibration) {
    // 14 dB under: further than the relative gate, which must not shut it out.
    const Gains run = follow([](double) { return target - 14.0; }, 150);
    EXPECT_NEAR(run.gain_db.back(), 14.0, 0.5);
}

TEST(LoudnessFollower, LeavesAQuietPassageAlone) {
    // At the target, then 15 dB under it for 20 s (a fade, a pause between phrases), then
    // back: only the looks whose window straddles an edge count (the gain moves by about
    // 0.5 dB), the rest are gated out; following them would lift the pause by 6 dB.
    const Gains run =
        follow([](double t) { return t > 30 && t < 50 ? target - 15.0 : target; }, 70);
    for (double g : run.gain_db) EXPECT_NEAR(g, 0.0, 1.0);
}

}  // namespace
}  // namespace ambient
