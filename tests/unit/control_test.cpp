#include "compose/control.hpp"
#include "control/control_file.hpp"
#include "core/error.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
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
            if (std::string(field) != "version") EXPECT_EQ(e.where().field, field);
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

}  // namespace
}  // namespace ambient
