// A performance recorded into a history as it plays, for the tests of playing it again
// (replay_test.cpp) and of serving it (recording_test.cpp).
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "audio/performance.hpp"
#include "compose/chord_composer.hpp"
#include "compose/melody.hpp"
#include "history/history_recorder.hpp"
#include "synth/patch.hpp"

namespace ambient::testing_history {

namespace fs = std::filesystem;

inline constexpr double t0 = 1'800'000'000;  // the recording's clock: t0 + seconds rendered

struct Recording {
    std::vector<float> audio;  // interleaved stereo, as played
    int rate = 48000;
};

// Three phrases of 2 bars at 120 bpm with melody; intensity and tempo changed at 5 s.
inline Recording record(const std::string& db) {
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

class PlayedHistory : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("history_test_" +
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

}  // namespace ambient::testing_history
