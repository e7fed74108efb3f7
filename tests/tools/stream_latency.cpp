// How long a sample takes from ambient-stream's stdin to leaving it as a WebSocket frame.
//
// Starts ambient-stream with a pipe on its stdin, feeds it real-time paced s16le audio in
// 5 ms writes with a marker click every 250 ms (its height numbers it), listens with one
// WebSocket client (PCM, so the marker is found exactly) and, for each marker, takes the
// time from the write that carried it to the frame that brought it back. Prints JSON:
// median, p95 and largest latency, and the time from connecting to the first frame.
//
// stream_latency AMBIENT_STREAM [--seconds T] [--codec pcm|opus]
// (with opus the client still asks for PCM frames; the server encodes both alike)
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>
#include <websocketpp/client.hpp>
#include <websocketpp/config/asio_no_tls_client.hpp>

using Client = websocketpp::client<websocketpp::config::asio_client>;
using Clock = std::chrono::steady_clock;

namespace {
constexpr int chunk_frames = 240;  // 5 ms
constexpr int marker_every = 50;   // chunks: 250 ms
constexpr int marker_ids = 20;     // heights 10000, 11000, … 29000
int marker_height(int id) {
    return 10000 + 1000 * id;
}
}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: stream_latency AMBIENT_STREAM [--seconds T] [--codec C]\n");
        return 64;
    }
    double seconds = 10;
    std::string codec = "opus";
    for (int i = 2; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--seconds"))
            seconds = std::atof(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--codec"))
            codec = argv[i + 1];
    }
    int in[2], err[2];
    if (pipe(in) != 0 || pipe(err) != 0) return 74;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(err[1], 2);
        close(in[1]);
        close(err[0]);
        execl(argv[1], argv[1], "--port", "0", "-f", "s16le", "--codec", codec.c_str(),
              static_cast<char*>(nullptr));
        _exit(127);
    }
    close(in[0]);
    close(err[1]);
    signal(SIGPIPE, SIG_IGN);
    // The port, from the JSON log line saying "listening".
    std::string log;
    int port = 0;
    char buf[512];
    while (port == 0) {
        ssize_t n = read(err[0], buf, sizeof buf);
        if (n <= 0) return 69;
        log.append(buf, static_cast<std::size_t>(n));
        std::size_t at = log.find("\"port\":");
        if (at != std::string::npos && log.find('\n', at) != std::string::npos)
            port = std::atoi(log.c_str() + at + 7);
    }
    std::thread drain_log([fd = err[0]] {
        char b[512];
        while (read(fd, b, sizeof b) > 0) {
        }
    });

    std::mutex mutex;
    std::vector<Clock::time_point> marks;  // when marker n was written
    std::atomic<bool> done{false};
    std::thread producer([&] {
        std::vector<std::int16_t> chunk(chunk_frames * 2);
        auto start = Clock::now();
        for (long k = 0; !done; ++k) {
            std::this_thread::sleep_until(start + std::chrono::microseconds(5000 * k));
            std::fill(chunk.begin(), chunk.end(), 0);
            bool marked = k % marker_every == 0;
            if (marked) {
                std::lock_guard lock(mutex);
                chunk[0] = chunk[1] = static_cast<std::int16_t>(
                    marker_height(static_cast<int>(marks.size() % marker_ids)));
                marks.push_back(Clock::now());
            }
            if (write(in[1], chunk.data(), chunk.size() * 2) <= 0) break;
        }
    });

    std::vector<double> latencies;
    double first_frame_ms = -1;
    Clock::time_point connected_at;
    Client client;
    client.clear_access_channels(websocketpp::log::alevel::all);
    client.clear_error_channels(websocketpp::log::elevel::all);
    client.init_asio();
    websocketpp::lib::error_code ec;
    auto con = client.get_connection(
        "ws://127.0.0.1:" + std::to_string(port) + "/ws/stream?codec=pcm", ec);
    if (ec) return 69;
    con->set_message_handler([&](websocketpp::connection_hdl, Client::message_ptr m) {
        auto now = Clock::now();
        const std::string& p = m->get_payload();
        if (m->get_opcode() != websocketpp::frame::opcode::binary || p.size() < 16) return;
        if (first_frame_ms < 0)
            first_frame_ms = std::chrono::duration<double, std::milli>(now - connected_at).count();
        const auto* s = reinterpret_cast<const std::int16_t*>(p.data() + 16);
        std::size_t n = (p.size() - 16) / 2;
        for (std::size_t i = 0; i < n; i += 2) {
            if (s[i] < 9500) continue;
            int id = (s[i] - 10000 + 500) / 1000;
            std::lock_guard lock(mutex);
            // The latest marker written with this number.
            for (long k = static_cast<long>(marks.size()) - 1; k >= 0; --k)
                if (k % marker_ids == id) {
                    latencies.push_back(std::chrono::duration<double, std::milli>(
                                            now - marks[static_cast<std::size_t>(k)])
                                            .count());
                    break;
                }
        }
    });
    asio::steady_timer stop_timer(client.get_io_service());
    con->set_open_handler([&](websocketpp::connection_hdl h) {
        stop_timer.expires_after(std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::duration<double>(seconds)));
        stop_timer.async_wait([&, h](const asio::error_code&) {
            websocketpp::lib::error_code e;
            client.close(h, websocketpp::close::status::normal, "done", e);
        });
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(500));  // let the stream settle
    connected_at = Clock::now();
    client.connect(con);
    client.run();

    done = true;
    producer.join();
    close(in[1]);
    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
    drain_log.join();

    // The pre-roll carries markers written before connecting: count from the second second.
    if (latencies.size() > 4) latencies.erase(latencies.begin(), latencies.begin() + 4);
    std::sort(latencies.begin(), latencies.end());
    auto at = [&](double q) {
        return latencies.empty() ? -1.0
                                 : latencies[static_cast<std::size_t>(q * (latencies.size() - 1))];
    };
    nlohmann::json report = {{"markers", latencies.size()},
                             {"latency_ms_median", at(0.5)},
                             {"latency_ms_p95", at(0.95)},
                             {"latency_ms_max", at(1.0)},
                             {"first_frame_ms", first_frame_ms},
                             {"server_exit", WIFEXITED(status) ? WEXITSTATUS(status) : -1}};
    std::printf("%s\n", report.dump().c_str());
    return latencies.empty() ? 1 : 0;
}
