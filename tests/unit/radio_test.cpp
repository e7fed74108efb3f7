// The supervisor's parts on their own: backoff, starting children with chosen descriptors,
// descriptors passed over a socket pair, and the stream's side of the radio's inputs.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/error.hpp"
#include "core/json_log.hpp"
#include "core/passed_fds.hpp"
#include "core/radio_link.hpp"
#include "radio/backoff.hpp"
#include "radio/child_process.hpp"
#include "radio/proc_stats.hpp"
#include "stream/input_sessions.hpp"
#include "stream/monitor_history.hpp"

using namespace ambient;

TEST(Backoff, AtOnceThenDoublingToTheMostThenAtOnceAfterAStableRun) {
    Backoff b(BackoffPolicy{0.5, 30, 60});
    EXPECT_EQ(b.after_run(1), 0);
    EXPECT_EQ(b.after_run(1), 0.5);
    EXPECT_EQ(b.after_run(1), 1);
    EXPECT_EQ(b.after_run(1), 2);
    for (int i = 0; i < 10; ++i) b.after_run(1);
    EXPECT_EQ(b.after_run(1), 30);
    EXPECT_EQ(b.after_run(61), 0);  // it ran a stable minute: at once again
    EXPECT_EQ(b.after_run(1), 0.5);
}

TEST(ChildProcess, RunsWithTheGivenDescriptorsAndReportsHowItEnded) {
    auto [in_read, in_write] = make_pipe();
    auto [out_read, out_write] = make_pipe();
    pid_t pid = start_child({{"/bin/sh", "-c", "read x; echo \"got $x\"; exit 3"},
                             {{0, in_read.get()}, {1, out_write.get()}}});
    in_read.reset();
    out_write.reset();
    ASSERT_EQ(::write(in_write.get(), "hello\n", 6), 6);
    char buf[64] = {};
    ssize_t n = ::read(out_read.get(), buf, sizeof buf - 1);
    ASSERT_GT(n, 0);
    EXPECT_STREQ(buf, "got hello\n");
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    EXPECT_EQ(describe_exit(status), "exit 3");
    EXPECT_TRUE(exit_failed(status));
}

TEST(ChildProcess, ASignalIsNamedAndAProcessGroupOfItsOwn) {
    pid_t pid = start_child({{"/bin/sleep", "30"}, {}});
    EXPECT_EQ(::getpgid(pid), pid);  // Ctrl-C at a terminal reaches the supervisor only
    ::kill(pid, SIGKILL);
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    EXPECT_EQ(describe_exit(status), "signal 9 (KILL)");
    EXPECT_TRUE(exit_failed(status));
}

TEST(ChildProcess, AMissingProgramIsUnavailableNamingIt) {
    try {
        start_child({{"/nonexistent/ambient-x"}, {}});
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::unavailable);
        EXPECT_NE(std::string(e.what()).find("No such file"), std::string::npos) << e.what();
    }
}

TEST(ProcStats, ReadsThisProcessAndCountsItsDescriptors) {
    auto usage = read_proc_usage(::getpid());
    ASSERT_TRUE(usage);
    EXPECT_GT(usage->memory_bytes, 1u << 20);
    int before = open_fd_count();
    {
        auto pipe = make_pipe();
        EXPECT_EQ(open_fd_count(), before + 2);
    }
    EXPECT_EQ(open_fd_count(), before);
    EXPECT_GE(thread_count(), 1);
    EXPECT_FALSE(read_proc_usage(999999999));
}

TEST(PassedFds, AMessageCarriesItsTextAndWorkingDescriptors) {
    auto [a, b] = make_message_socket_pair();
    auto [r, w] = make_pipe();
    ASSERT_TRUE(send_message(a.get(), "input", {r.get()}));
    r.reset();  // only the passed copy is left
    auto m = receive_message(b.get(), 1000);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->text, "input");
    ASSERT_EQ(m->fds.size(), 1u);
    ASSERT_EQ(::write(w.get(), "x", 1), 1);
    char c = 0;
    EXPECT_EQ(::read(m->fds[0].get(), &c, 1), 1);
    EXPECT_EQ(c, 'x');
    EXPECT_FALSE(receive_message(b.get(), 10));  // nothing more: a timeout
    a.reset();
    auto closed = receive_message(b.get(), 1000);
    ASSERT_TRUE(closed);
    EXPECT_TRUE(closed->text.empty());  // the other end is gone
    EXPECT_FALSE(send_message(b.get(), "x"));
}

namespace {
// The stream's reader on a radio socket, on a thread, with a ring to look at.
struct SessionsRig {
    RingBuffer<float> ring{1 << 18};
    PcmInput input{PcmFormat{}, ring, ring.capacity()};
    MetaInput meta{1.0};
    JsonLog log{LogLevel::error};
    std::pair<UniqueFd, UniqueFd> sockets = make_message_socket_pair();
    std::string stages;
    std::mutex mutex;
    InputSessions sessions{sockets.second.get(), input, &meta, log, [this](std::string j) {
                               std::lock_guard lock(mutex);
                               stages = std::move(j);
                           }};
    std::thread thread{[this] { sessions.run(); }};
    ~SessionsRig() {
        sessions.stop();
        thread.join();
    }
    // Hands over a new input; returns its PCM and meta write ends.
    std::pair<UniqueFd, UniqueFd> new_input() {
        auto [pcm_r, pcm_w] = make_pipe();
        auto [meta_r, meta_w] = make_pipe();
        EXPECT_TRUE(
            send_message(sockets.first.get(), radio_link::input, {pcm_r.get(), meta_r.get()}));
        return {std::move(pcm_w), std::move(meta_w)};
    }
    template <class F>
    bool wait_until(F ok) {
        for (int i = 0; i < 300 && !ok(); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        return ok();
    }
};

void write_floats(int fd, std::size_t count, float value, std::size_t extra_bytes = 0) {
    std::vector<float> v(count, value);
    std::string bytes(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(float));
    bytes.append(extra_bytes, '\x7f');
    ASSERT_EQ(::write(fd, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
}
}  // namespace

TEST(InputSessions, InputsFollowOneAnotherAndAPartialFrameOfADeadWriterIsDropped) {
    SessionsRig rig;
    EXPECT_TRUE(rig.input.waiting());
    {
        auto [pcm, meta] = rig.new_input();
        write_floats(pcm.get(), 2000, 0.25f, 5);  // 1000 stereo frames and 5 stray bytes
        const char line[] = "{\"sample\":0,\"phrase\":0}\n";
        ASSERT_EQ(::write(meta.get(), line, sizeof line - 1),
                  static_cast<ssize_t>(sizeof line - 1));
        ASSERT_TRUE(rig.wait_until([&] { return rig.input.frames_in() == 1000; }))
            << rig.input.frames_in() << " " << rig.ring.size();
        EXPECT_FALSE(rig.input.waiting());
    }  // the writer dies
    ASSERT_TRUE(rig.wait_until([&] { return rig.input.waiting(); }));
    EXPECT_EQ(rig.ring.size(), 2000u);  // the stray bytes never reached the ring
    EXPECT_EQ(rig.meta.take_up_to(0), "{\"sample\":0,\"phrase\":0}");

    auto [pcm, meta] = rig.new_input();
    write_floats(pcm.get(), 200, -0.5f);
    const char line[] = "{\"sample\":50,\"phrase\":1}\n";
    ASSERT_EQ(::write(meta.get(), line, sizeof line - 1), static_cast<ssize_t>(sizeof line - 1));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_EQ(rig.input.frames_in(), 1000u);  // the next waits until the last has played out
    std::vector<float> out(2000);
    ASSERT_EQ(rig.ring.read(out.data(), out.size()), 2000u);
    ASSERT_TRUE(rig.wait_until([&] { return rig.input.frames_in() == 1100; }));
    EXPECT_EQ(rig.input.input_start(), 1000u);
    EXPECT_EQ(rig.meta.take_up_to(1049), "");
    EXPECT_EQ(rig.meta.take_up_to(1050), "{\"sample\":50,\"phrase\":1}");  // offset by its start
    EXPECT_EQ(rig.sessions.inputs(), 2u);
}

TEST(InputSessions, StagesMessagesReachTheStatusAndAClosedRadioFinishesTheInput) {
    SessionsRig rig;
    std::string text(radio_link::stages);
    text += R"({"stages":[{"name":"render","restarts":2}]})";
    ASSERT_TRUE(send_message(rig.sockets.first.get(), text));
    ASSERT_TRUE(rig.wait_until([&] {
        std::lock_guard lock(rig.mutex);
        return !rig.stages.empty();
    }));
    EXPECT_EQ(nlohmann::json::parse(rig.stages)["stages"][0]["restarts"], 2);
    rig.sockets.first.reset();
    ASSERT_TRUE(rig.wait_until([&] { return rig.input.finished(); }));
}

TEST(MonitorHistory, KeepsTheLastSamplesAsColumnsAndRatesFromCounters) {
    MonitorHistory h(3);
    StatusSnapshot s;
    s.radio = R"({"stages":[{"name":"render","cpu":0.5,"memory_bytes":2097152,"restarts":1}]})";
    for (int i = 0; i < 5; ++i) {
        s.clients = i;
        s.client_frames_dropped = static_cast<std::uint64_t>(10 * i);
        h.add(100 + i, s);
    }
    auto j = nlohmann::json::parse(h.json());
    EXPECT_EQ(j["t"], nlohmann::json({102, 103, 104}));
    EXPECT_EQ(j["listeners"], nlohmann::json({2, 3, 4}));
    EXPECT_EQ(j["frames_dropped"], nlohmann::json({10, 10, 10}));
    EXPECT_EQ(j["restarts"], nlohmann::json({1, 1, 1}));
    EXPECT_EQ(j["stages"]["render"]["memory_mb"][0], 2);
    auto newer = nlohmann::json::parse(h.json(103));
    EXPECT_EQ(newer["t"], nlohmann::json({104}));
}

TEST(MonitorHistory, WhatItGivesItTakesBackSoARestartedServerKeepsItsHour) {
    MonitorHistory h;
    StatusSnapshot s;
    s.radio = R"({"stages":[{"name":"render","cpu":0.5,"memory_bytes":1048576,"restarts":2}]})";
    for (int i = 0; i < 4; ++i) {
        s.clients = i;
        h.add(200 + i, s);
    }
    MonitorHistory again;
    ASSERT_TRUE(again.load(h.json()));
    EXPECT_EQ(again.json(), h.json());
    EXPECT_FALSE(again.load("not json"));
    EXPECT_EQ(again.size(), 4u);  // unchanged by what it refused
}
