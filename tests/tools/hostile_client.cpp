// Test helper: a client that misbehaves on purpose, over raw sockets, and reports on one
// JSON line what the server did about it.
//
//   hostile_client --port P --mode slowloris           one header byte every 500 ms
//   hostile_client --port P --mode idle --count N      N sockets that never send a byte
//   hostile_client --port P --mode big-header          a 32 KiB header
//   hostile_client --port P --mode big-body            POST /api/control, 100 KB body
//   hostile_client --port P --mode frame --frame KIND  after a WebSocket handshake, one bad
//       frame: unmasked, reserved-opcode, rsv-bits, oversized, continuation, ping-flood
//   hostile_client --port P --mode connections --count N   N listeners (handshakes) at once
//   hostile_client --port P --mode handshake --missing key|version   an upgrade without
//       Sec-WebSocket-Key or Sec-WebSocket-Version
//
// Reports: closed_after_ms (the server closed the socket; -1 if it did not within
// --seconds), status (the HTTP status line's code, 0 if none), close_code (a WebSocket
// close frame's code, 0 if none), and for idle/connections the counts.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "listener_common.hpp"

namespace {

using Clock = std::chrono::steady_clock;

int connect_to(int port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

bool send_all(int fd, const std::string& s) {
    std::size_t at = 0;
    while (at < s.size()) {
        ssize_t n = ::send(fd, s.data() + at, s.size() - at, MSG_NOSIGNAL);
        if (n <= 0) return false;
        at += static_cast<std::size_t>(n);
    }
    return true;
}

// Reads what comes within `ms`; false once the server has closed (or reset) the socket.
bool read_for(int fd, int ms, std::string& got) {
    const auto until = Clock::now() + std::chrono::milliseconds(ms);
    for (;;) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
        if (left.count() <= 0) return true;
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
        char buf[4096];
        ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) return false;
        got.append(buf, static_cast<std::size_t>(n));
    }
}

int http_status(const std::string& got) {
    if (got.rfind("HTTP/1.", 0) != 0 || got.size() < 12) return 0;
    return std::atoi(got.c_str() + 9);
}

// The code of the first close frame (opcode 8) among the server's frames after the
// handshake's response.
int close_code(const std::string& got) {
    std::size_t at = got.find("\r\n\r\n");
    if (at == std::string::npos) return 0;
    at += 4;
    while (at + 2 <= got.size()) {
        const int opcode = static_cast<unsigned char>(got[at]) & 0x0F;
        std::uint64_t len = static_cast<unsigned char>(got[at + 1]) & 0x7F;
        std::size_t head = 2;
        if (len == 126) {
            if (at + 4 > got.size()) return 0;
            len = (std::uint64_t(static_cast<unsigned char>(got[at + 2])) << 8) |
                  static_cast<unsigned char>(got[at + 3]);
            head = 4;
        } else if (len == 127) {
            if (at + 10 > got.size()) return 0;
            len = 0;
            for (int i = 0; i < 8; ++i)
                len = (len << 8) | static_cast<unsigned char>(got[at + 2 + i]);
            head = 10;
        }
        if (opcode == 8) {
            if (len < 2 || at + head + 2 > got.size()) return 1005;
            return (static_cast<unsigned char>(got[at + head]) << 8) |
                   static_cast<unsigned char>(got[at + head + 1]);
        }
        at += head + len;
    }
    return 0;
}

// A client frame: masked unless told otherwise (RFC 6455 5.3).
std::string frame(int first_byte, const std::string& payload, bool masked = true) {
    std::string f;
    f += static_cast<char>(first_byte);
    const char mask_bit = masked ? char(0x80) : char(0);
    if (payload.size() < 126) {
        f += static_cast<char>(mask_bit | static_cast<char>(payload.size()));
    } else {
        f += static_cast<char>(mask_bit | 126);
        f += static_cast<char>(payload.size() >> 8);
        f += static_cast<char>(payload.size() & 0xFF);
    }
    const unsigned char key[4] = {0x12, 0x34, 0x56, 0x78};
    if (masked) f.append(reinterpret_cast<const char*>(key), 4);
    for (std::size_t i = 0; i < payload.size(); ++i)
        f += masked ? static_cast<char>(payload[i] ^ key[i % 4]) : payload[i];
    return f;
}

const std::string upgrade =
    "GET /ws/stream?codec=pcm HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
    "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
    "Sec-WebSocket-Version: 13\r\n\r\n";

struct Outcome {
    long closed_after_ms = -1;
    int status = 0, close_code = 0;
};

// Sends `request`, then reads until the server closes or `seconds` pass.
Outcome exchange(int port, const std::vector<std::string>& parts, int gap_ms, double seconds) {
    Outcome o;
    int fd = connect_to(port);
    if (fd < 0) return o;
    const auto start = Clock::now();
    const auto until = start + std::chrono::duration<double>(seconds);
    std::string got;
    bool open = true;
    for (const std::string& part : parts) {
        if (Clock::now() >= until || !send_all(fd, part)) break;
        if (gap_ms > 0 && !(open = read_for(fd, gap_ms, got))) break;
    }
    while (open && Clock::now() < until) open = read_for(fd, 100, got);
    if (!open)
        o.closed_after_ms = static_cast<long>(
            std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count());
    o.status = http_status(got);
    o.close_code = close_code(got);
    ::close(fd);
    return o;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"A misbehaving client of ambient-stream"};
    int port = 0, count = 100;
    double seconds = 10;
    std::string mode, kind, missing;
    app.add_option("--port", port)->required();
    app.add_option("--mode", mode)->required();
    app.add_option("--frame", kind);
    app.add_option("--missing", missing)->check(CLI::IsMember({"key", "version"}));
    app.add_option("--count", count);
    app.add_option("--seconds", seconds);
    CLI11_PARSE(app, argc, argv);
    listener::raise_descriptor_limit();

    nlohmann::json report = {{"mode", mode}};
    auto put = [&](const Outcome& o) {
        report["closed_after_ms"] = o.closed_after_ms;
        report["status"] = o.status;
        report["close_code"] = o.close_code;
    };
    if (mode == "slowloris") {
        std::vector<std::string> parts{"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"};
        for (int i = 0; i < 200; ++i) parts.push_back(i % 2 ? ": y\r\n" : "X-Slow");
        put(exchange(port, parts, 500, seconds));
    } else if (mode == "big-header") {
        put(exchange(port,
                     {"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + std::string(32 * 1024, 'a') +
                      "\r\n\r\n"},
                     0, seconds));
    } else if (mode == "big-body") {
        put(exchange(port,
                     {"POST /api/control HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      "Content-Length: 100000\r\n\r\n" +
                      std::string(100000, '{')},
                     0, seconds));
    } else if (mode == "handshake") {
        const std::string header = missing == "key" ? "Sec-WebSocket-Key" : "Sec-WebSocket-Version";
        std::string request = upgrade;
        const std::size_t at = request.find(header);
        request.erase(at, request.find("\r\n", at) + 2 - at);
        put(exchange(port, {request}, 0, seconds));
    } else if (mode == "frame") {
        std::vector<std::string> parts{upgrade};
        if (kind == "unmasked")
            parts.push_back(frame(0x81, "hello", false));
        else if (kind == "reserved-opcode")
            parts.push_back(frame(0x83, "x"));
        else if (kind == "rsv-bits")
            parts.push_back(frame(0xC1, "x"));
        else if (kind == "oversized")
            parts.push_back(frame(0x81, std::string(8192, 'a')));
        else if (kind == "continuation")
            parts.push_back(frame(0x80, "orphan"));
        else if (kind == "fragmented-oversized") {
            parts.push_back(frame(0x01, std::string(3000, 'a')));
            parts.push_back(frame(0x80, std::string(3000, 'a')));
        } else if (kind == "ping-flood") {
            std::string flood;
            for (int i = 0; i < count; ++i) flood += frame(0x89, std::string(100, 'p'));
            parts.push_back(flood);
        } else {
            std::fprintf(stderr, "hostile_client: unknown --frame %s\n", kind.c_str());
            return 64;
        }
        put(exchange(port, parts, 0, seconds));
    } else if (mode == "idle" || mode == "connections") {
        // Many sockets at once: idle ones send nothing; listeners complete a handshake.
        std::vector<int> fds;
        for (int i = 0; i < count; ++i) {
            int fd = connect_to(port);
            if (fd < 0) break;
            if (mode == "connections") send_all(fd, upgrade);
            fds.push_back(fd);
        }
        report["opened"] = fds.size();
        const auto start = Clock::now();
        const auto until = start + std::chrono::duration<double>(seconds);
        std::vector<long> closed_ms(fds.size(), -1);
        std::vector<std::string> got(fds.size());
        std::size_t open = fds.size();
        while (open > 0 && Clock::now() < until) {
            std::vector<pollfd> p;
            std::vector<std::size_t> which;
            for (std::size_t i = 0; i < fds.size(); ++i)
                if (closed_ms[i] < 0) {
                    p.push_back({fds[i], POLLIN, 0});
                    which.push_back(i);
                }
            if (::poll(p.data(), p.size(), 100) <= 0) continue;
            for (std::size_t k = 0; k < p.size(); ++k) {
                if (!(p[k].revents & (POLLIN | POLLHUP | POLLERR))) continue;
                char buf[4096];
                ssize_t n = ::recv(p[k].fd, buf, sizeof buf, 0);
                std::size_t i = which[k];
                if (n > 0) {
                    if (got[i].size() < 64) got[i].append(buf, static_cast<std::size_t>(n));
                    continue;
                }
                closed_ms[i] = static_cast<long>(
                    std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start)
                        .count());
                --open;
            }
        }
        long closed = 0, latest = -1, accepted = 0, refused = 0;
        for (std::size_t i = 0; i < fds.size(); ++i) {
            if (closed_ms[i] >= 0) ++closed, latest = std::max(latest, closed_ms[i]);
            int status = http_status(got[i]);
            if (status == 101)
                ++accepted;
            else if (status != 0)
                ++refused;
            ::close(fds[i]);
        }
        report["closed_by_server"] = closed;
        report["last_closed_ms"] = latest;
        report["upgraded"] = accepted;
        report["refused"] = refused;
    } else {
        std::fprintf(stderr, "hostile_client: unknown --mode %s\n", mode.c_str());
        return 64;
    }
    std::printf("%s\n", report.dump().c_str());
}
