#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "core/error.hpp"
#include "core/io.hpp"
#include "core/replacing_file.hpp"
#include "phrase/phrase_json.hpp"
#include "phrase/phrase_stream.hpp"

namespace ambient {
namespace {

TEST(OutputPacer, WaitsUntilTheReaderHasTakenEverything) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    OutputPacer pacer(fds[1]);
    ASSERT_TRUE(pacer.active());
    EXPECT_EQ(::fcntl(fds[1], F_GETPIPE_SZ), ::sysconf(_SC_PAGESIZE));
    write_all(fds[1], std::string(100, 'x'));
    std::atomic<bool> reading{false};
    std::thread reader([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        char buf[60];
        reading = true;
        ASSERT_EQ(::read(fds[0], buf, 60), 60);
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        ASSERT_EQ(::read(fds[0], buf, 60), 40);
    });
    pacer.wait_until_taken();
    EXPECT_TRUE(reading.load());
    int left = -1;
    reader.join();
    ASSERT_EQ(::ioctl(fds[0], FIONREAD, &left), 0);
    EXPECT_EQ(left, 0);
    ::close(fds[0]);
    ::close(fds[1]);
}

TEST(OutputPacer, DoesNothingOnAFile) {
    FILE* f = std::tmpfile();
    OutputPacer pacer(::fileno(f));
    EXPECT_FALSE(pacer.active());
    pacer.wait_until_taken();
    std::fclose(f);
}

TEST(WriteAll, ClosedPipeIsOutputClosed) {
    ignore_sigpipe();
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    ::close(fds[0]);
    EXPECT_THROW(write_all(fds[1], "hello"), OutputClosed);
    ::close(fds[1]);
}

// What a folder holds, and a file's text.
std::string listing(const std::filesystem::path& folder) {
    std::string names;
    for (const auto& e : std::filesystem::directory_iterator(folder))
        names += e.path().filename().string() + " ";
    return names;
}
std::string text_of(const std::filesystem::path& file) {
    std::ifstream in(file);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(ReplacingFile, TakesThePlaceOfTheOldOnlyWhenCommitted) {
    namespace fs = std::filesystem;
    const fs::path folder =
        fs::temp_directory_path() / ("ambient-replace-" + std::to_string(getpid()));
    fs::create_directories(folder);
    const std::string path = (folder / "piece.wav").string();
    std::ofstream(path) << "old";
    {
        ReplacingFile f(path);
        write_all(f.fd(), "half");
        EXPECT_EQ(text_of(path), "old");           // not yet
        EXPECT_EQ(listing(folder), "piece.wav ");  // and nothing beside it
    }                                              // dropped (an error, a kill): the old file stays
    EXPECT_EQ(text_of(path), "old");
    EXPECT_EQ(listing(folder), "piece.wav ");
    {
        ReplacingFile f(path);
        write_all(f.fd(), "new");
        f.commit();
    }
    EXPECT_EQ(text_of(path), "new");
    EXPECT_EQ(listing(folder), "piece.wav ");
    try {
        ReplacingFile f((folder / "missing" / "x.wav").string());
        FAIL() << "a file in a missing folder";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::io);
        EXPECT_NE(std::string(e.what()).find("No such file"), std::string::npos) << e.what();
    }
    fs::remove_all(folder);
}

TEST(OpenInput, MissingFileIsNoInput) {
    try {
        open_input("/nonexistent/phrases.jsonl");
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::no_input);
        EXPECT_EQ(e.where().text(), "/nonexistent/phrases.jsonl");
    }
}

std::string good_line(int seq) {
    Phrase p;
    p.seq = static_cast<std::uint64_t>(seq);
    p.chords.push_back(ChordEvent{0, 0.0, 32.0, "i", "", 57, {57, 60, 64}, Json::object()});
    return format_phrase_line(p);
}

TEST(PhraseReader, NamesTheLineOfAMalformedPhrase) {
    std::istringstream in(good_line(0) + "\n" + good_line(1) + "{\"v\":1,\n" + good_line(2));
    PhraseReader r(in, "stdin");
    EXPECT_EQ(r.next()->seq, 0u);
    EXPECT_EQ(r.next()->seq, 1u);  // the blank line 2 is skipped
    try {
        r.next();
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::data);
        EXPECT_EQ(e.where().text(), "stdin line 4");
        EXPECT_NE(std::string(e.what()).find("not valid JSON"), std::string::npos);
    }
}

TEST(PhraseReader, SkipBadWarnsAndGoesOn) {
    std::istringstream in(good_line(0) + "oops\n" + good_line(2));
    std::vector<std::string> where;
    PhraseReader r(in, "in.jsonl", true,
                   [&](const std::string&, const std::string& w) { where.push_back(w); });
    EXPECT_EQ(r.next()->seq, 0u);
    EXPECT_EQ(r.next()->seq, 2u);
    EXPECT_FALSE(r.next());
    EXPECT_EQ(where, std::vector<std::string>{"in.jsonl line 2"});
}

TEST(PhraseReader, LastLineWithoutNewlineIsRead) {
    std::string line = good_line(5);
    line.pop_back();
    std::istringstream in(line);
    PhraseReader r(in, "stdin");
    EXPECT_EQ(r.next()->seq, 5u);
    EXPECT_FALSE(r.next());
}

}  // namespace
}  // namespace ambient
