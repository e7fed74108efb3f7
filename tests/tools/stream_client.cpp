// A WebSocket listener for tests and benchmarks of ambient-stream: N clients for T
// seconds, checking the hello and every frame header, and reporting as JSON what each
// got: frames, sequence gaps, the longest silence between frames, time to first frame,
// how the server closed. It can also play bad listeners: ones that never read, and ones
// that vanish halfway through a frame. Built as C++17 (websocketpp).
//
// stream_client --url ws://127.0.0.1:PORT/ws/stream [--clients N] [--seconds T]
//               [--stallers K] [--vanishers K] [--until-close] [--server-pid PID]
// With ?codec=pcm in the URL it also finds the breaks in the music (runs of quiet frames
// once audio has begun: how long each lasted), how far from zero the audio was at their
// edges (a click if large) and how long before the end the music was last heard.
// With --server-pid it also reports the server's CPU use over the run and its memory
// before the listeners came and with all of them connected.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>
#include <websocketpp/client.hpp>
#include <websocketpp/config/asio_no_tls_client.hpp>

#include "listener_common.hpp"

using Client = websocketpp::client<websocketpp::config::asio_client>;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

namespace {

// TERM or INT: end the run now, as at its deadline, and report.
volatile std::sig_atomic_t stop_requested = 0;

struct Listener {
    Clock::time_point started;
    bool opened = false, hello_ok = false, header_errors = false;
    std::string hello_codec;
    long next_sequence = -1, expected = -1;
    long frames = 0, lost = 0, gaps = 0;
    double first_frame_ms = -1, max_stall_ms = 0;
    Clock::time_point last_frame;
    int close_code = -1;
    std::string close_reason, error;
    std::uint64_t bytes = 0;
    bool closed_early = false;  // by the server, before our end of the run
    // PCM listeners: breaks in the music.
    bool audio_seen = false;
    long silent_run = 0;
    long audible_frames = 0;  // frames with music in them (not quiet)
    int last_sample = 0;
    std::vector<double> silences_ms;
    double edge_max = 0;  // the jump at a break's edges, as a fraction of full scale
    Clock::time_point last_audible;
};

std::uint64_t le(const std::string& s, std::size_t at, int n) {
    std::uint64_t v = 0;
    for (int i = n - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(s[at + i]);
    return v;
}

// A PCM frame's samples: a break is a run of quiet frames (RMS under -50 dBFS) once the
// music has begun. At each edge of a break the audio should not jump: from the last
// sample before to the first of the break, and from the break's last to the first after.
// Across the server's silence that is the faded sample itself; a new input's faded-in first
// frame can be quiet too, and then the music after it goes on from it (no click).
void follow_silence(Listener& l, const std::string& p) {
    const std::size_t n = (p.size() - 16) / 2;
    if (n < 2) return;
    auto sample = [&](std::size_t i) {
        return static_cast<int>(static_cast<std::int16_t>(le(p, 16 + 2 * i, 2)));
    };
    double energy = 0;
    for (std::size_t i = 0; i < n; ++i) energy += static_cast<double>(sample(i)) * sample(i);
    const bool quiet = std::sqrt(energy / static_cast<double>(n)) < 0.00316 * 32768;
    if (quiet) {
        if (l.audio_seen && l.silent_run++ == 0)
            l.edge_max = std::max(l.edge_max, std::abs(sample(0) - l.last_sample) / 32768.0);
    } else {
        if (l.silent_run > 0) {
            l.silences_ms.push_back(20.0 * static_cast<double>(l.silent_run));
            l.edge_max = std::max(l.edge_max, std::abs(sample(0) - l.last_sample) / 32768.0);
        }
        l.silent_run = 0;
        l.audio_seen = true;
        ++l.audible_frames;
        l.last_audible = Clock::now();
    }
    l.last_sample = sample(n - 2);  // the left channel's last
}

double ms_between(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

void on_message(Listener& l, Client::message_ptr msg) {
    const std::string& p = msg->get_payload();
    auto now = Clock::now();
    if (msg->get_opcode() == websocketpp::frame::opcode::text) {
        json j = json::parse(p, nullptr, false);
        if (j.is_object() && j.value("type", "") == "hello") {
            l.hello_ok = j.value("version", 0) == 1 && j.value("sample_rate", 0) == 48000 &&
                         j.value("frame_samples", 0) == 960 && j.contains("server_time_ms");
            l.hello_codec = j.value("codec", "");
            l.next_sequence = j.value("next_sequence", -1L);
            l.expected = l.next_sequence;
        }
        return;
    }
    l.bytes += p.size();
    if (p.size() < 16 || p[0] != 1) {
        l.header_errors = true;
        return;
    }
    int codec = static_cast<unsigned char>(p[1]);
    long seq = static_cast<long>(le(p, 4, 4));
    std::uint64_t pos = le(p, 8, 8);
    if (pos != static_cast<std::uint64_t>(seq) * 960u) l.header_errors = true;
    if ((l.hello_codec == "opus") != (codec == 1)) l.header_errors = true;
    if (l.hello_codec == "pcm" && p.size() != 16 + 960 * 2 * 2) l.header_errors = true;
    if (codec == 2) follow_silence(l, p);
    if (l.frames == 0) {
        l.first_frame_ms = ms_between(l.started, now);
        if (seq != l.next_sequence) l.header_errors = true;
    } else {
        l.max_stall_ms = std::max(l.max_stall_ms, ms_between(l.last_frame, now));
    }
    if (l.expected >= 0 && seq != l.expected) {
        ++l.gaps;
        l.lost += seq - l.expected;
    }
    l.expected = seq + 1;
    l.last_frame = now;
    ++l.frames;
}

// Parses ws://HOST:PORT/PATH.
// A raw TCP listener that completes the handshake and then misbehaves: `vanish` reads a
// few bytes of the first frame and resets the connection; otherwise it never reads again.
int bad_listener(const std::string& host, int port, const std::string& path, bool vanish) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    if (!vanish) {
        int small = 4096;
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    }
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    inet_pton(AF_INET, host.c_str(), &addr.sin_addr);
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        close(fd);
        return -1;
    }
    std::string request = "GET " + path + " HTTP/1.1\r\nHost: " + host + ":" +
                          std::to_string(port) +
                          "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                          "Sec-WebSocket-Version: 13\r\n\r\n";
    if (write(fd, request.data(), request.size()) != static_cast<ssize_t>(request.size())) {
        close(fd);
        return -1;
    }
    if (vanish) {
        // Read the response and into the frames, then stop halfway through one.
        std::string got;
        char buf[256];
        while (got.find("\r\n\r\n") == std::string::npos ||
               got.size() < got.find("\r\n\r\n") + 300) {
            ssize_t n = read(fd, buf, sizeof buf);
            if (n <= 0) break;
            got.append(buf, static_cast<std::size_t>(n));
        }
        linger reset{1, 0};
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
        close(fd);
        return 0;
    }
    return fd;
}

// Resident memory of a process, KiB (0 if unknown).
long rss_kib(int pid) {
    FILE* f = std::fopen(("/proc/" + std::to_string(pid) + "/status").c_str(), "r");
    if (!f) return 0;
    char line[256];
    long kib = 0;
    while (std::fgets(line, sizeof line, f))
        if (std::sscanf(line, "VmRSS: %ld kB", &kib) == 1) break;
    std::fclose(f);
    return kib;
}

// User + system CPU time of a process, seconds.
double cpu_seconds(int pid) {
    FILE* f = std::fopen(("/proc/" + std::to_string(pid) + "/stat").c_str(), "r");
    if (!f) return 0;
    char buf[1024];
    std::size_t n = std::fread(buf, 1, sizeof buf - 1, f);
    std::fclose(f);
    buf[n] = 0;
    const char* after = std::strrchr(buf, ')');  // the command name may hold spaces
    if (!after) return 0;
    unsigned long utime = 0, stime = 0;
    // Fields after the name: state ppid pgrp session tty tpgid flags minflt cminflt majflt
    // cmajflt utime stime.
    std::sscanf(after + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime, &stime);
    return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

}  // namespace

int main(int argc, char** argv) {
    std::string url;
    int clients = 1, stallers = 0, vanishers = 0;
    double seconds = 5;
    bool until_close = false;
    int server_pid = 0;
    CLI::App app{"WebSocket listeners of ambient-stream, reporting what each got as JSON",
                 "stream_client"};
    app.add_option("--url", url, "ws://HOST:PORT/PATH")->required();
    app.add_option("--clients", clients, "Listeners that read every frame");
    app.add_option("--seconds", seconds, "How long to listen");
    app.add_option("--stallers", stallers, "Listeners that never read");
    app.add_option("--vanishers", vanishers, "Listeners that reset halfway through a frame");
    app.add_flag("--until-close", until_close, "Listen until the server closes");
    app.add_option("--server-pid", server_pid, "Report this server's CPU and memory");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 64;
    }
    const auto parts = listener::split_url(url, "ws://");
    if (!parts) {
        std::fprintf(stderr, "stream_client: --url ws://HOST:PORT/PATH\n");
        return 64;
    }
    const std::string& host = parts->host;
    const std::string& path = parts->path;
    const int port = parts->port;
    std::signal(SIGTERM, [](int) { stop_requested = 1; });
    std::signal(SIGINT, [](int) { stop_requested = 1; });
    listener::raise_descriptor_limit();

    const long rss_before = server_pid ? rss_kib(server_pid) : 0;
    long rss_during = 0;
    double cpu_start = 0, cpu_end = 0;
    Clock::time_point cpu_from{}, cpu_to{};
    std::vector<int> stalled_fds;
    for (int i = 0; i < stallers; ++i) stalled_fds.push_back(bad_listener(host, port, path, false));
    int vanished = 0;
    for (int i = 0; i < vanishers; ++i) vanished += bad_listener(host, port, path, true) == 0;

    Client client;
    client.clear_access_channels(websocketpp::log::alevel::all);
    client.clear_error_channels(websocketpp::log::elevel::all);
    client.init_asio();
    std::vector<Listener> listeners(static_cast<std::size_t>(clients));
    std::vector<websocketpp::connection_hdl> handles;
    int open_now = 0;
    bool ending = false;  // we are closing: closes from now on are ours
    for (auto& l : listeners) {
        websocketpp::lib::error_code ec;
        Client::connection_ptr con = client.get_connection(url, ec);
        if (ec) {
            l.error = ec.message();
            continue;
        }
        Listener* lp = &l;
        con->set_open_handler([lp, &open_now](websocketpp::connection_hdl) {
            lp->opened = true;
            ++open_now;
        });
        con->set_message_handler(
            [lp](websocketpp::connection_hdl, Client::message_ptr m) { on_message(*lp, m); });
        con->set_close_handler([lp, &client, &open_now, &ending](websocketpp::connection_hdl h) {
            auto c = client.get_con_from_hdl(h);
            lp->closed_early = !ending;
            lp->close_code = c->get_remote_close_code();
            lp->close_reason = c->get_remote_close_reason();
            --open_now;
        });
        con->set_fail_handler([lp, &client](websocketpp::connection_hdl h) {
            auto c = client.get_con_from_hdl(h);
            lp->error =
                c->get_ec().message() + " (HTTP " + std::to_string(c->get_response_code()) + ")";
        });
        l.started = Clock::now();
        client.connect(con);
        handles.push_back(con->get_handle());
    }

    // Run for T seconds (or until every listener is closed), then say goodbye.
    auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
    asio::steady_timer timer(client.get_io_service());
    std::function<void()> tick = [&] {
        bool all_closed = std::all_of(listeners.begin(), listeners.end(), [](const Listener& l) {
            return !l.error.empty() || (l.opened && l.close_code >= 0);
        });
        // Measure the server from when every listener is in until the end.
        if (server_pid && cpu_from == Clock::time_point{} && open_now == clients) {
            cpu_from = Clock::now();
            cpu_start = cpu_seconds(server_pid);
        }
        if (server_pid && open_now == clients)
            rss_during = std::max(rss_during, rss_kib(server_pid));
        if (Clock::now() >= deadline || (until_close && all_closed) || stop_requested) {
            if (server_pid) {
                cpu_to = Clock::now();
                cpu_end = cpu_seconds(server_pid);
            }
            ending = true;
            for (auto& h : handles) {
                websocketpp::lib::error_code ec;
                client.close(h, websocketpp::close::status::normal, "done", ec);
            }
            return;
        }
        timer.expires_after(std::chrono::milliseconds(20));
        timer.async_wait([&](const asio::error_code&) { tick(); });
    };
    tick();
    client.run();
    for (int fd : stalled_fds)
        if (fd >= 0) close(fd);

    long min_frames = -1, max_frames = 0, max_audible = 0, total_lost = 0, total_gaps = 0,
         failed = 0;
    double worst_stall = 0;
    bool headers_ok = true, hellos_ok = true;
    std::vector<double> first, silences;
    long closed_early = 0;
    double edge_max = 0, quiet_tail_ms = 0;
    const auto ended = Clock::now();
    std::map<std::string, int> close_codes;
    std::uint64_t bytes = 0;
    for (auto& l : listeners) {
        if (!l.opened) {
            ++failed;
            continue;
        }
        min_frames = min_frames < 0 ? l.frames : std::min(min_frames, l.frames);
        max_frames = std::max(max_frames, l.frames);
        max_audible = std::max(max_audible, l.audible_frames);
        total_lost += l.lost;
        total_gaps += l.gaps;
        worst_stall = std::max(worst_stall, l.max_stall_ms);
        headers_ok = headers_ok && !l.header_errors;
        hellos_ok = hellos_ok && l.hello_ok;
        if (l.first_frame_ms >= 0) first.push_back(l.first_frame_ms);
        bytes += l.bytes;
        closed_early += l.closed_early;
        silences.insert(silences.end(), l.silences_ms.begin(), l.silences_ms.end());
        edge_max = std::max(edge_max, l.edge_max);
        if (l.audio_seen)
            quiet_tail_ms = std::max(quiet_tail_ms, ms_between(l.last_audible, ended));
        if (l.close_code >= 0) close_codes[std::to_string(l.close_code)]++;
    }
    std::sort(first.begin(), first.end());
    std::sort(silences.begin(), silences.end());
    json report = {
        {"clients", clients},
        {"failed", failed},
        {"frames_min", min_frames},
        {"frames_max", max_frames},
        {"audible_frames_max", max_audible},
        {"gaps", total_gaps},
        {"lost", total_lost},
        {"max_stall_ms", worst_stall},
        {"first_frame_ms_median", first.empty() ? -1.0 : first[first.size() / 2]},
        {"first_frame_ms_max", first.empty() ? -1.0 : first.back()},
        {"headers_ok", headers_ok},
        {"hellos_ok", hellos_ok},
        {"codec", listeners.empty() ? "" : listeners[0].hello_codec},
        {"bytes", bytes},
        {"close_codes", close_codes},
        {"close_reason", listeners.empty() ? "" : listeners[0].close_reason},
        {"error", listeners.empty() ? "" : listeners[0].error},
        {"vanished", vanished},
        {"stallers", stallers},
        {"closed_early", closed_early},
        {"breaks", silences.size()},
        {"break_ms_median", silences.empty() ? 0.0 : silences[silences.size() / 2]},
        {"break_ms_max", silences.empty() ? 0.0 : silences.back()},
        {"break_edge_max", edge_max},
        {"quiet_tail_ms", quiet_tail_ms},
        {"breaks_ms_first_listener",
         listeners.empty() ? std::vector<double>{} : listeners[0].silences_ms},
    };
    if (server_pid) {
        double wall = std::chrono::duration<double>(cpu_to - cpu_from).count();
        report["server_cpu_percent"] = wall > 0 ? 100.0 * (cpu_end - cpu_start) / wall : -1.0;
        report["server_rss_kib_before"] = rss_before;
        report["server_rss_kib_with_clients"] = rss_during;
        report["server_kib_per_client"] =
            clients > 0 ? static_cast<double>(rss_during - rss_before) / clients : 0.0;
    }
    std::printf("%s\n", report.dump().c_str());
    return failed == 0 ? 0 : 1;
}
