// The history store: records, queries by time, stretches for re-rendering, pruning, and
// files that are not a history.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/error.hpp"
#include "history/history_store.hpp"

namespace ambient {
namespace {

namespace fs = std::filesystem;

void run_sql(const std::string& path, const char* sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
}

class HistoryStoreTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ =
            fs::temp_directory_path() /
            ("history_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
             "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    std::string path(const char* name = "history.db") const { return (dir_ / name).string(); }

    // A run of `phrases` phrases a second apart from time `t0`, 48000 samples each, and a
    // control change in the middle of each.
    static std::int64_t play(HistoryStore& h, double t0, int phrases) {
        HistoryRun run;
        run.started = t0;
        run.preset = "glass";
        run.loudness = "live";
        const std::int64_t id = h.begin_run(run);
        for (int i = 0; i < phrases; ++i) {
            h.add_phrase({0, id, 48000LL * i, t0 + i, -1.5, "{\"seq\":" + std::to_string(i) + "}"});
            h.add_control({id, 48000LL * i + 24000, t0 + i + 0.5, {{"bpm", 60 + i}}});
        }
        return id;
    }

  private:
    fs::path dir_;
};

TEST_F(HistoryStoreTest, RecentIsNewestFirstAndSurvivesReopening) {
    {
        HistoryStore h(path());
        play(h, 1000, 10);
    }
    HistoryStore h(path());
    const auto recent = h.recent(1005, 3);
    ASSERT_EQ(recent.size(), 3u);
    EXPECT_EQ(recent[0].line, "{\"seq\":9}");
    EXPECT_EQ(recent[2].line, "{\"seq\":7}");
    EXPECT_DOUBLE_EQ(recent[0].gain_db, -1.5);
    EXPECT_EQ(recent[0].sample, 48000 * 9);
    EXPECT_EQ(h.recent(1008.5, 100).size(), 1u);
}

TEST_F(HistoryStoreTest, AStretchStartsEarlyEnoughForTails) {
    HistoryStore h(path());
    const auto run = play(h, 1000, 10);
    // 1004.2 to 1006: the phrase at 1004 sounds; with 2 s of lead, from the one at 1002.
    const auto st = h.stretch(1004.2, 1006, 2.0);
    ASSERT_EQ(st.size(), 1u);
    EXPECT_EQ(st[0].run.id, run);
    EXPECT_EQ(st[0].run.preset, "glass");
    EXPECT_EQ(st[0].run.loudness, "live");
    ASSERT_EQ(st[0].phrases.size(), 4u);  // 1002, 1003, 1004, 1005
    EXPECT_EQ(st[0].phrases.front().line, "{\"seq\":2}");
    EXPECT_EQ(st[0].phrases.back().line, "{\"seq\":5}");
    // The values in force at the first phrase (set at 1001.5), then 1002.5 .. 1005.5.
    ASSERT_EQ(st[0].controls.size(), 5u);
    EXPECT_EQ(st[0].controls.front().sample, 48000 * 1 + 24000);
    EXPECT_EQ(st[0].controls.front().values["bpm"], 61);
    EXPECT_EQ(st[0].controls[1].values["bpm"], 62);
}

TEST_F(HistoryStoreTest, AStretchAcrossARestartHasBothRuns) {
    HistoryStore h(path());
    const auto first = play(h, 1000, 5);  // 1000 .. 1004
    const auto second = play(h, 1005, 5);
    const auto st = h.stretch(1003.5, 1006.5, 1.0);
    ASSERT_EQ(st.size(), 2u);
    EXPECT_EQ(st[0].run.id, first);
    EXPECT_EQ(st[0].phrases.front().line, "{\"seq\":2}");
    EXPECT_EQ(st[1].run.id, second);
    EXPECT_EQ(st[1].phrases.size(), 2u);  // 1005 and 1006
    EXPECT_TRUE(h.stretch(2000, 2001, 1).size() == 1u) << "the run still playing at 2000";
    EXPECT_TRUE(h.stretch(10, 20, 1).empty()) << "before anything played";
}

TEST_F(HistoryStoreTest, PruningForgetsTheOldAndKeepsTheRunPlaying) {
    HistoryStore h(path());
    play(h, 1000, 5);
    play(h, 2000, 5);
    h.prune(1500);
    EXPECT_EQ(h.recent(0, 100).size(), 5u);
    EXPECT_TRUE(h.stretch(1000, 1010, 1).empty()) << "the first run is forgotten";
    h.prune(3000);
    EXPECT_TRUE(h.recent(0, 100).empty());
    play(h, 3000, 1);
    EXPECT_EQ(h.recent(0, 100).size(), 1u);
}

TEST_F(HistoryStoreTest, WhatIsNotAHistoryIsRefused) {
    {
        std::ofstream(path("text.db"))
            << "hello, not a database at all, but long enough to be read";
    }
    try {
        HistoryStore h(path("text.db"));
        ADD_FAILURE() << "a text file was taken for a history";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::data) << e.what();
        EXPECT_EQ(e.where().file, path("text.db"));
    }
    // Another program's database, and a history from a newer ambient.
    run_sql(path("other.db"), "CREATE TABLE songs (title TEXT)");
    { HistoryStore h(path("newer.db")); }
    run_sql(path("newer.db"), "UPDATE ambient_history SET version = 2");
    for (const char* name : {"other.db", "newer.db"}) {
        try {
            HistoryStore h(path(name));
            ADD_FAILURE() << name << " was taken for a history";
        } catch (const Error& e) {
            EXPECT_EQ(e.kind(), ErrorKind::data) << e.what();
            EXPECT_NE(std::string(e.what()).find(
                          std::string(name) == "other.db" ? "tables of its own" : "newer"),
                      std::string::npos)
                << e.what();
        }
    }
    EXPECT_THROW(
        {
            try {
                HistoryStore h(path("missing-folder/x/history.db"));
            } catch (const Error& e) {
                EXPECT_EQ(e.kind(), ErrorKind::io);
                throw;
            }
        },
        Error);
}

TEST_F(HistoryStoreTest, ReadingNeverMakesOrLocksIt) {
    // Not there: no_input, and still not there after (a typo makes no empty history).
    try {
        HistoryStore h(path("typo.db"), HistoryAccess::read);
        ADD_FAILURE() << "a missing history was opened";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::no_input) << e.what();
    }
    EXPECT_FALSE(fs::exists(path("typo.db")));
    // Another program's database, and a newer history: refused as when writing.
    run_sql(path("other.db"), "CREATE TABLE songs (title TEXT)");
    EXPECT_THROW(HistoryStore(path("other.db"), HistoryAccess::read), Error);
    { HistoryStore h(path("newer.db")); }
    run_sql(path("newer.db"), "UPDATE ambient_history SET version = 2");
    EXPECT_THROW(HistoryStore(path("newer.db"), HistoryAccess::read), Error);
    // A writer inside a transaction (the renderer's, mid-phrase) does not keep a reader out,
    // and the reader sees what was committed (a store opened to write would wait for the
    // lock, 2 s, and fail).
    {
        HistoryStore writer(path());
        const auto id = writer.begin_run(HistoryRun{});
        writer.add_phrase({0, id, 0, 100.0, 0.0, R"({"seq":0})"});
    }
    sqlite3* busy = nullptr;
    ASSERT_EQ(sqlite3_open(path().c_str(), &busy), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(busy,
                           "BEGIN IMMEDIATE; INSERT INTO runs(started, rate, seed, preset, "
                           "patch, loudness) VALUES (0, 48000, 0, '', '{}', 'off')",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    {
        HistoryStore reader(path(), HistoryAccess::read);
        EXPECT_EQ(reader.recent(0, 10).size(), 1u);
    }
    sqlite3_exec(busy, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(busy);
}

}  // namespace
}  // namespace ambient
