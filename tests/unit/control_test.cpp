#include "compose/control.hpp"
#include "control/control_file.hpp"
#include "core/error.hpp"
#include "core/watched_file.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

namespace ambient {
namespace {

class ControlFileTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("ambient-control-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir_);
        path_ = (dir_ / "control.json").string();
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    // Atomic replacement, as ambient-stream does it.
    void write(const std::string& text) {
        std::string tmp = path_ + ".tmp";
        std::ofstream(tmp) << text;
        std::filesystem::rename(tmp, path_);
    }

    std::filesystem::path dir_;
    std::string path_;
    std::vector<std::string> warnings_;
    ControlFile::Warn warn_ = [this](const std::string& what, const std::string&) {
        warnings_.push_back(what);
    };
};

TEST_F(ControlFileTest, MissingFileWarnsOnceAndKeepsFlags) {
    ControlFile w(path_, warn_);
    EXPECT_FALSE(w.refresh());
    EXPECT_FALSE(w.refresh());
    EXPECT_EQ(warnings_.size(), 1u);
    EXPECT_FALSE(w.values().key);
}

TEST_F(ControlFileTest, ReadsChangesOnlyWhenTheFileChanges) {
    write(R"({"version":1,"key":"D","mode":"dorian","bpm":72,"intensity":0.6,"future":true})");
    ControlFile w(path_, warn_);
    ASSERT_TRUE(w.refresh());
    EXPECT_EQ(w.values().version, 1u);
    EXPECT_EQ(w.values().key, "D");
    EXPECT_EQ(w.values().mode, Mode::dorian);
    EXPECT_EQ(w.values().bpm, 72);
    EXPECT_EQ(w.values().intensity, 0.6);
    EXPECT_FALSE(w.refresh()) << "unchanged file is not re-read";
    write(R"({"version":2,"bpm":100})");
    ASSERT_TRUE(w.refresh());
    EXPECT_EQ(w.values().version, 2u);
    EXPECT_FALSE(w.values().key);
    EXPECT_EQ(w.values().bpm, 100);
}

TEST_F(ControlFileTest, HalfWrittenOrInvalidKeepsLastGoodValuesAndWarnsOnce) {
    write(R"({"version":1,"key":"F"})");
    ControlFile w(path_, warn_);
    ASSERT_TRUE(w.refresh());
    std::ofstream(path_) << R"({"version":2,"key":"G)";  // truncated in place
    EXPECT_FALSE(w.refresh());
    EXPECT_EQ(w.values().key, "F");
    std::ofstream(path_) << R"({"version":2,"key":"G",)";  // still broken, same problem
    EXPECT_FALSE(w.refresh());
    EXPECT_EQ(warnings_.size(), 1u);
    write(R"({"version":3,"bpm":500})");
    EXPECT_FALSE(w.refresh());
    EXPECT_EQ(warnings_.size(), 2u);
    EXPECT_NE(warnings_.back().find("bpm"), std::string::npos);
    write(R"({"version":4,"key":"G"})");
    EXPECT_TRUE(w.refresh());
    EXPECT_EQ(w.values().key, "G");
}

TEST(ParseControl, RejectsBadValuesNamingTheField) {
    auto rejects = [](const char* text, const char* field) {
        try {
            parse_control(Json::parse(text));
            ADD_FAILURE() << "accepted " << text;
        } catch (const Error& e) {
            EXPECT_EQ(std::string(e.what()).rfind(field, 0), 0u) << e.what();
            EXPECT_EQ(e.kind(), ErrorKind::data);
            if (std::string(field) != "version") {
                EXPECT_EQ(e.where().field, field);
            }
        }
    };
    rejects(R"({"key":"H"})", "key");
    rejects(R"({"mode":"hypodorian"})", "mode");
    rejects(R"({"bpm":39})", "bpm");
    rejects(R"({"bpm":"70"})", "bpm");
    rejects(R"({"intensity":1.5})", "intensity");
    rejects(R"({"version":-1})", "version");
    EXPECT_EQ(parse_control(Json::parse(R"({"mode":"minor"})")).mode, Mode::aeolian);
}

TEST_F(ControlFileTest, WriteRaisesTheVersionAndMergesOverTheFile) {
    ControlFile writer(path_, warn_);
    ControlValues change;
    change.key = "D";
    change.bpm = 72;
    EXPECT_EQ(writer.write(change).version, 1u);
    // Another writer's change in between is kept under ours.
    write(R"({"version":5,"key":"D","mode":"lydian","bpm":72})");
    ControlValues more;
    more.intensity = 0.25;
    const ControlValues& now = writer.write(more);
    EXPECT_EQ(now.version, 6u);
    EXPECT_EQ(now.mode, Mode::lydian);
    EXPECT_EQ(now.intensity, 0.25);
    Json on_disk = Json::parse(*read_whole_file(path_));
    EXPECT_EQ(on_disk,
              Json::parse(R"({"version":6,"key":"D","mode":"lydian","bpm":72,"intensity":0.25})"));
    EXPECT_FALSE(std::filesystem::exists(path_ + ".tmp"));
    // A reader sees it; the writer does not take its own write for news.
    ControlFile reader(path_, warn_);
    ASSERT_TRUE(reader.refresh());
    EXPECT_EQ(reader.values().version, 6u);
    EXPECT_FALSE(writer.refresh());
}

TEST_F(ControlFileTest, AFailedWriteNamesTheFileAndChangesNothing) {
    ControlFile writer((dir_ / "gone" / "control.json").string(), warn_);
    ControlValues change;
    change.bpm = 90;
    try {
        writer.write(change);
        ADD_FAILURE() << "wrote into a missing folder";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::io);
        EXPECT_NE(e.where().file.find("gone"), std::string::npos) << e.where().text();
    }
    EXPECT_EQ(writer.values().version, 0u);
    EXPECT_FALSE(writer.values().bpm);
}

TEST_F(ControlFileTest, FollowsAFileWhoseFolderComesLater) {
    // No folder at the start: no inotify watch, so the stat fallback must see the file.
    const auto later = dir_ / "later";
    ControlFile w((later / "control.json").string(), warn_);
    EXPECT_FALSE(w.refresh());
    std::filesystem::create_directories(later);
    std::ofstream(later / "control.json") << R"({"version":1,"key":"Eb"})";
    ASSERT_TRUE(w.refresh());
    EXPECT_EQ(w.values().key, "Eb");
    EXPECT_FALSE(w.refresh());
}

TEST_F(ControlFileTest, FollowsAFolderRemovedAndMadeAgain) {
    const auto folder = dir_ / "state";
    std::filesystem::create_directories(folder);
    const std::string file = (folder / "control.json").string();
    std::ofstream(file) << R"({"version":1,"key":"C"})";
    ControlFile w(file, warn_);
    ASSERT_TRUE(w.refresh());
    std::filesystem::remove_all(folder);  // the inotify watch goes with it
    EXPECT_FALSE(w.refresh());
    std::filesystem::create_directories(folder);
    std::ofstream(file) << R"({"version":2,"key":"E"})";
    ASSERT_TRUE(w.refresh());
    EXPECT_EQ(w.values().key, "E");
}

TEST_F(ControlFileTest, PollLooksAtMostOncePerCadence) {
    write(R"({"version":1,"bpm":60})");
    ControlFile w(path_, warn_);
    ASSERT_TRUE(w.poll());
    write(R"({"version":2,"bpm":61})");
    EXPECT_FALSE(w.poll()) << "looked again within the cadence";
    std::this_thread::sleep_for(ControlFile::cadence * 2);
    ASSERT_TRUE(w.poll());
    EXPECT_EQ(w.values().bpm, 61);
}

TEST(ControlSchema, OneEntryDrivesParsingSerialisingAndTheSchema) {
    Json schema = control_schema_json();
    ASSERT_EQ(schema["fields"].size(), control_schema().size());
    for (const ControlField& f : control_schema()) {
        // The default is valid, and survives a round trip through the file format.
        ControlValues v;
        f.read(f.default_value, v);
        Json out = control_to_json(v);
        EXPECT_EQ(out[f.name], f.default_value) << f.name;
        EXPECT_FALSE(f.stages.empty()) << f.name;
        if (f.type == ControlType::number) {
            EXPECT_NO_THROW(parse_control(Json{{f.name, f.min}}));
            EXPECT_NO_THROW(parse_control(Json{{f.name, f.max}}));
            EXPECT_THROW(parse_control(Json{{f.name, f.max + f.step}}), Error);
            EXPECT_THROW(parse_control(Json{{f.name, f.min - f.step}}), Error);
        } else {
            for (const std::string& c : f.choices)
                EXPECT_NO_THROW(parse_control(Json{{f.name, c}}));
            for (const auto& [alias, meaning] : f.aliases)
                EXPECT_NO_THROW(parse_control(Json{{f.name, alias}})) << alias;
        }
    }
    // Enharmonic spellings map onto the key menu.
    const ControlField& key = control_field("key");
    auto alias = [&](const std::string& spelling) {
        for (const auto& [a, m] : key.aliases)
            if (a == spelling) return m;
        return std::string();
    };
    EXPECT_EQ(alias("Db"), "C#");
    EXPECT_EQ(alias("A#"), "Bb");
    EXPECT_EQ(alias("Cb"), "B");
    EXPECT_EQ(key.choices.size(), 12u);
}

TEST(ControlSchema, UpdatesRefuseUnknownFieldsAndEmptyBodies) {
    EXPECT_THROW(parse_control_update(Json::object()), Error);
    try {
        parse_control_update(Json{{"tempo", 70}});
        ADD_FAILURE();
    } catch (const Error& e) {
        EXPECT_EQ(e.where().field, "tempo");
        EXPECT_NE(std::string(e.what()).find("key, mode, bpm, intensity, preset and model"),
                  std::string::npos)
            << e.what();
    }
    // The file format ignores what it does not know, so newer writers work.
    EXPECT_NO_THROW(parse_control(Json{{"tempo", 70}, {"bpm", 70}}));
}

}  // namespace
}  // namespace ambient
