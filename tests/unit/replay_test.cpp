// Playing the history again: a performance recorded as it plays (phrases, a control change
// mid-way), then stretches of it rendered from the history and compared with what played.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "audio/performance.hpp"
#include "compose/chord_composer.hpp"
#include "compose/melody.hpp"
#include "core/error.hpp"
#include "history/history_recorder.hpp"
#include "history/replay.hpp"
#include "synth/patch.hpp"

namespace ambient {
namespace {

namespace fs = std::filesystem;

constexpr double t0 = 1'800'000'000;  // the recording's clock: t0 + seconds rendered

struct Recording {
    std::vector<float> audio;  // interleaved stereo, as played
    int rate = 48000;
};

// Three phrases of 2 bars at 120 bpm with melody; intensity and tempo changed at 5 s.
Recording record(const std::string& db) {
    const Performance* playing = nullptr;
    HistoryRun run;
    run.preset = "glass";
    run.loudness = "live";
    HistoryRecorder recorder(db, run, 7, {},
                             [&] { return t0 + (playing ? playing->seconds_rendered() : 0.0); });
    PerformanceSettings s;
    s.patch = preset("glass");
    s.follow_loudness = true;
    s.on_scheduled = [&](const Phrase& p, double start, std::int64_t now, double gain) {
        recorder.phrase(p, start, now, gain);
    };
    s.on_control = [&](const ControlValues& all, std::int64_t sample) {
        recorder.control(all, sample);
    };
    std::uint64_t seq = 0;
    PhraseSource source = [&]() -> std::optional<Phrase> {
        if (seq == 3) return std::nullopt;
        ChordSettings cs;
        cs.bars = 2;
        cs.bpm = 120;
        Phrase p = compose_chords(cs, TransitionTable::builtin(Mode::dorian), 11 + seq, seq);
        compose_melody(p, MelodySettings{}, 0);
        ++seq;
        return p;
    };
    Performance performance(s, source);
    playing = &performance;
    Recording r;
    std::vector<float> block(2 * Performance::block);
    bool changed = false;
    for (int n; (n = performance.render(block.data(), Performance::block)) > 0;) {
        r.audio.insert(r.audio.end(), block.begin(), block.begin() + 2 * n);
        if (!changed && performance.seconds_rendered() >= 5.0) {
            ControlValues v;
            v.intensity = 0.9;
            v.bpm = 100;
            performance.apply_control(v);
            changed = true;
        }
    }
    return r;
}

std::vector<float> replayed(const std::string& db, double from, double to, double lead) {
    HistoryStore store(db);
    ReplayRequest r{t0 + from, t0 + to, lead};
    std::vector<float> out;
    replay(stretch_to_replay(store, r), r,
           [&](const float* b, int n) { out.insert(out.end(), b, b + 2 * n); });
    return out;
}

class ReplayTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("replay_test_" +
                std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        db_ = (dir_ / "history.db").string();
        played_ = record(db_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    fs::path dir_;
    std::string db_;
    Recording played_;
};

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
    // No lead: from the phrase sounding at 6.5 s, without what rang before it, and with the
    // oscillators' phases of a fresh start: the same notes at the same moments, so the same
    // harmony (pitch classes), not the same waveform.
    const auto again = replayed(db_, 6.5, 9.5, 0.0);
    ASSERT_EQ(again.size(), std::size_t(2 * 3 * played_.rate));
    const std::size_t frames = again.size() / 2;
    const int rate = played_.rate;
    const auto replayed_chroma = chroma(again.data(), frames, rate);
    const double same = cosine(
        replayed_chroma, chroma(played_.audio.data() + std::size_t(2 * 6.5 * rate), frames, rate));
    const double other = cosine(
        replayed_chroma, chroma(played_.audio.data() + std::size_t(2 * 0.5 * rate), frames, rate));
    EXPECT_GT(same, 0.8);  // 0.89 here: the tails of what came before are missing
    EXPECT_GT(same, other + 0.3) << "another stretch of the music is far less alike";
    RecordProperty("chroma_similarity", std::to_string(same));
    RecordProperty("chroma_similarity_other_stretch", std::to_string(other));
    std::printf("chroma similarity: %.4f the same stretch, %.4f another\n", same, other);
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
