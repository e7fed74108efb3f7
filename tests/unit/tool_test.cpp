// The edge every program shares (tools/common): error kinds to sysexits codes, settings to
// the flags that set them, and the one-line message.
#include "tool.hpp"

#include <gtest/gtest.h>

#include <new>

#include "core/error.hpp"

namespace ambient {
namespace {

struct Outcome {
    int status;
    std::string message;
};

Outcome run_throwing(const std::function<void()>& body) {
    tool::App app{"a test program", "ambient-test"};
    std::string root;
    app.add_option("--web-root", root, "a folder");
    const char* argv[] = {"ambient-test"};
    testing::internal::CaptureStderr();
    int status = tool::run(app, 1, const_cast<char**>(argv), body);
    return {status, testing::internal::GetCapturedStderr()};
}

TEST(Tool, EachKindHasItsSysexitsCode) {
    const std::pair<ErrorKind, int> want[] = {
        {ErrorKind::usage, 64},       {ErrorKind::data, 65}, {ErrorKind::no_input, 66},
        {ErrorKind::unavailable, 69}, {ErrorKind::io, 74},   {ErrorKind::internal, 70}};
    for (auto [kind, code] : want)
        EXPECT_EQ(run_throwing([kind = kind] { throw Error(kind, "x"); }).status, code);
}

TEST(Tool, OutOfMemoryAndOtherExceptionsAreInternalNotBadInput) {
    Outcome oom = run_throwing([] { throw std::bad_alloc(); });
    EXPECT_EQ(oom.status, 70);
    EXPECT_EQ(oom.message, "ambient-test: error: out of memory\n");
    Outcome bug = run_throwing([] { throw std::out_of_range("vector"); });
    EXPECT_EQ(bug.status, 70);
    EXPECT_NE(bug.message.find("internal error: vector"), std::string::npos) << bug.message;
    EXPECT_EQ(run_throwing([] { throw OutputClosed(); }).status, 0);
}

TEST(Tool, ASettingIsShownAsTheFlagThatSetsIt) {
    Outcome flag = run_throwing([] {
        throw Error(ErrorKind::no_input, "no such folder", Place::of_setting("web-root", "/x"));
    });
    EXPECT_EQ(flag.status, 66);
    EXPECT_EQ(flag.message, "ambient-test: error: no such folder (--web-root /x)\n");
    // A setting this program has no flag for keeps the library's words.
    Outcome other = run_throwing(
        [] { throw Error(ErrorKind::usage, "no", Place::of_setting("channels", "3")); });
    EXPECT_EQ(other.message, "ambient-test: error: no (setting channels 3)\n");
    Outcome placed =
        run_throwing([] { throw Error(ErrorKind::data, "bad", Place("in.jsonl", 4, "bpm")); });
    EXPECT_EQ(placed.message, "ambient-test: error: bad (in.jsonl line 4, field bpm)\n");
}

}  // namespace
}  // namespace ambient
