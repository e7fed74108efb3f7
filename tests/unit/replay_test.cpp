// Playing the history again: a performance recorded as it plays (phrases, a control change
// mid-way), then stretches of it rendered from the history and compared with what played.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <iostream>

#include "audio/performance.hpp"
#include "compose/chord_composer.hpp"
#include "compose/melody.hpp"
#include "compose/percussion.hpp"
#include "core/error.hpp"
#include "history/history_recorder.hpp"
#include "history/replay.hpp"
#include "played_history.hpp"
#include "synth/patch.hpp"

namespace ambient {
namespace {

using namespace testing_history;

std::vector<float> replayed(const std::string& db, double from, double to, double lead) {
    HistoryStore store(db);
    ReplayRequest r{t0 + from, t0 + to, lead};
    std::vector<float> out;
    replay(stretch_to_replay(store, r), r,
           [&](const float* b, int n) { out.insert(out.end(), b, b + 2 * n); });
    return out;
}

using ReplayTest = PlayedHistory;

TEST_F(ReplayTest, FromTheRunsStartItIsTheSameSamples) {
    const double seconds = double(played_.audio.size()) / 2 / played_.rate;
    ASSERT_GT(seconds, 8.0);
    // 3 s to 7 s, with the lead reaching the first phrase: every state as it was, and the
    // control change at 5 s replayed at its block.
    const auto again = replayed(db_, 3.0, 7.0, 30.0);
    ASSERT_EQ(again.size(), std::size_t(2 * 4 * played_.rate));
    const std::size_t offset = std::size_t(2 * 3 * played_.rate);
    double worst = 0;
    for (std::size_t i = 0; i < again.size(); ++i)
        worst = std::max(worst, double(std::fabs(again[i] - played_.audio[offset + i])));
    EXPECT_LT(worst, 1e-6);
}

// The energy of each pitch class (MIDI notes 36 to 96, Goertzel over the whole stretch).
std::vector<double> chroma(const float* stereo, std::size_t frames, int rate) {
    std::vector<double> c(12, 0.0);
    for (int note = 36; note <= 96; ++note) {
        const double f = 440.0 * std::pow(2.0, (note - 69) / 12.0);
        const double k = 2 * std::cos(2 * M_PI * f / rate);
        double s1 = 0, s2 = 0;
        for (std::size_t i = 0; i < frames; ++i) {
            const double s0 = 0.5 * (stereo[2 * i] + stereo[2 * i + 1]) + k * s1 - s2;
            s2 = s1, s1 = s0;
        }
        c[std::size_t(note % 12)] += s1 * s1 + s2 * s2 - k * s1 * s2;
    }
    return c;
}

double cosine(const std::vector<double>& a, const std::vector<double>& b) {
    double dot = 0, a2 = 0, b2 = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        dot += a[i] * b[i], a2 += a[i] * a[i], b2 += b[i] * b[i];
    return dot / std::sqrt(a2 * b2);
}

TEST_F(ReplayTest, FromAPhraseInTheMiddleItIsTheSameMusic) {
    // No lead: from the phrase sounding at 6.5 s, without what rang before it (tails, notes
    // held over from the phrase before): the same notes at the same moments, so the same
    // harmony (pitch classes), if not quite the same waveform.
    const auto again = replayed(db_, 6.5, 9.5, 0.0);
    ASSERT_EQ(again.size(), std::size_t(2 * 3 * played_.rate));
    const std::size_t frames = again.size() / 2;
    const int rate = played_.rate;
    const auto replayed_chroma = chroma(again.data(), frames, rate);
    const double same = cosine(
        replayed_chroma, chroma(played_.audio.data() + std::size_t(2 * 6.5 * rate), frames, rate));
    const double other = cosine(
        replayed_chroma, chroma(played_.audio.data() + std::size_t(2 * 0.5 * rate), frames, rate));
    EXPECT_GT(same, 0.8);  // 0.98 here: the tails of what came before are missing
    EXPECT_GT(same, other + 0.3) << "another stretch of the music is far less alike";
    RecordProperty("chroma_similarity", std::to_string(same));
    RecordProperty("chroma_similarity_other_stretch", std::to_string(other));
    std::printf("chroma similarity: %.4f the same stretch, %.4f another\n", same, other);
}

// Correlation of two stretches of stereo audio (the mid signals).
double correlation(const float* a, const float* b, std::size_t frames) {
    double ab = 0, aa = 0, bb = 0;
    for (std::size_t i = 0; i < frames; ++i) {
        const double x = a[2 * i] + a[2 * i + 1], y = b[2 * i] + b[2 * i + 1];
        ab += x * y, aa += x * x, bb += y * y;
    }
    return ab / std::sqrt(aa * bb);
}

TEST_F(ReplayTest, FromTheMiddleWithALeadItIsTheSameWaveform) {
    // A lead of 1 s reaches back to the second phrase (at 4 s), not to the run's start:
    // each note's randomness, its oscillators' phases and the LFOs are those of the run's
    // time, so the waveform is the run's but for the tails of the first phrase and the
    // loudness follower's memory: 0.995 (−0.38 when each note's randomness was drawn in
    // turn as notes started).
    const auto again = replayed(db_, 6.5, 9.5, 1.0);
    ASSERT_EQ(again.size(), std::size_t(2 * 3 * played_.rate));
    const double r = correlation(
        again.data(), played_.audio.data() + std::size_t(2 * 6.5 * played_.rate), again.size() / 2);
    std::cout << "correlation from mid-run: " << r << "\n";
    EXPECT_GT(r, 0.98);
}

// As the radio plays: the default timbre, 8-bar phrases at 70 bpm with melody and
// percussion, loudness followed, for 100 s; then 60 s to 90 s rendered again as a recording
// is (30 s of lead, which reaches back to the second phrase, not the run's start). Pad notes
// held across phrases, voices started afresh in the replay, are in the same phase because
// every oscillator's phase follows the run's clock: window by window the waveform is the
// run's (0.996 to 0.998; 0.16 to 0.88 for the first 25 s when a note's phase was drawn when
// it started).
TEST(LongRunReplay, AMinuteInItIsTheSameWaveform) {
    const fs::path dir = fs::temp_directory_path() / "replay_test_long_run";
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string db = (dir / "history.db").string();
    ChordComposer composer(ChordSettings{}, std::nullopt, 1, 1);
    double seconds = 0;  // composed so far
    const std::vector<float> played = play_and_record(db, "drift", [&]() -> std::optional<Phrase> {
        if (seconds > 100) return std::nullopt;
        Phrase p = composer.next();
        compose_melody(p, MelodySettings{}, 0);
        compose_percussion(p, PercussionSettings{}, 0);
        seconds += p.total_beats() * 60 / p.bpm;
        return p;
    });
    const auto again = replayed(db, 60, 90, 30);
    ASSERT_EQ(again.size(), std::size_t(2 * 30 * 48000));
    for (std::size_t w = 0; w < 6; ++w) {
        const std::size_t at = w * 5 * 48000;
        const double r =
            correlation(again.data() + 2 * at, played.data() + 2 * (60 * 48000 + at), 5 * 48000);
        EXPECT_GT(r, 0.98) << "from " << 60 + 5 * w << " s";
    }
    fs::remove_all(dir);
}

TEST_F(ReplayTest, NothingPlayedThenIsADataError) {
    HistoryStore store(db_);
    ReplayRequest r{t0 - 100, t0 - 50, 0};
    EXPECT_THROW(stretch_to_replay(store, r), Error);
    ReplayRequest backwards{t0 + 5, t0 + 4, 0};
    EXPECT_THROW(stretch_to_replay(store, backwards), Error);
}

TEST(HistoryTime, WhatUsersWrite) {
    const double now = 1'800'000'000;
    EXPECT_EQ(parse_history_time("now", now), now);
    EXPECT_EQ(parse_history_time("-20s", now), now - 20);
    EXPECT_EQ(parse_history_time("-5m", now), now - 300);
    EXPECT_EQ(parse_history_time("-1.5h", now), now - 5400);
    EXPECT_EQ(parse_history_time("-20", now), now - 20);
    EXPECT_EQ(parse_history_time("1796523975.5", now), 1796523975.5);
    const auto local = parse_history_time("2026-12-06 02:30", now);
    ASSERT_TRUE(local);
    EXPECT_EQ(parse_history_time("2026-12-06T02:30:15", now), *local + 15);
    for (const char* bad : {"", "-", "-5x", "yesterday", "2026-13-01 00:00", "2026-12-06", "1e9"})
        EXPECT_FALSE(parse_history_time(bad, now)) << bad;
}

}  // namespace
}  // namespace ambient
