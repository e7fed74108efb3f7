// A performance recorded into a history as it plays, for the tests of playing it again
// (replay_test.cpp) and of serving it (recording_test.cpp).
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "compose/chord_composer.hpp"
#include "compose/melody.hpp"
#include "play_and_record.hpp"

namespace ambient::testing_history {

namespace fs = std::filesystem;

struct Recording {
    std::vector<float> audio;  // interleaved stereo, as played
    int rate = 48000;
};

// Three phrases of 2 bars at 120 bpm with melody; intensity and tempo changed at 5 s.
inline Recording record(const std::string& db) {
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
    bool changed = false;
    return {play_and_record(db, "glass", source, [&](Performance& performance) {
        if (changed || performance.seconds_rendered() < 5.0) return;
        ControlValues v;
        v.intensity = 0.9;
        v.bpm = 100;
        performance.apply_control(v);
        changed = true;
    })};
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
