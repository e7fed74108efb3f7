// Many plain HTTP listeners of /stream.opus for load tests and benchmarks: N connections,
// each reading for T seconds and checking every Ogg page it gets (the capture pattern and
// the page sequence: a skipped page is a gap). Reports JSON: listeners that connected, the
// bytes and pages each got, gaps, the time to the first byte and to the first audio page.
//
// http_listeners --url http://127.0.0.1:PORT/stream.opus [--clients N] [--seconds T]
//                [--also URL]...
// With --also, one more listener on each such URL (an Icecast mount, a relay of it, all
// carrying the same Ogg pages): how much later each page arrives there than at --url, from
// the pages' granule positions (median and max per URL).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "listener_common.hpp"

using Clock = std::chrono::steady_clock;

namespace {

struct Listener {
    int fd = -1;
    Clock::time_point started;
    bool headers_done = false, ok_status = false, closed = false;
    std::string buffer;
    std::uint64_t bytes = 0;
    long pages = 0, gaps = 0, bad = 0;
    long last_seq = -1;
    std::map<std::int64_t, Clock::time_point> arrivals;  // granule -> when its page came
    double first_byte_ms = -1, first_audio_ms = -1;
};

double ms_since(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

std::uint32_t le32(const std::string& s, std::size_t at) {
    std::uint32_t v = 0;
    for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(s[at + i]);
    return v;
}

// Takes whole Ogg pages off the front of the buffer.
void read_pages(Listener& l) {
    for (;;) {
        if (l.buffer.size() < 27) return;
        if (l.buffer.compare(0, 4, "OggS") != 0) {
            ++l.bad;
            l.buffer.clear();
            return;
        }
        std::size_t segments = static_cast<unsigned char>(l.buffer[26]);
        if (l.buffer.size() < 27 + segments) return;
        std::size_t body = 0;
        for (std::size_t i = 0; i < segments; ++i)
            body += static_cast<unsigned char>(l.buffer[27 + i]);
        if (l.buffer.size() < 27 + segments + body) return;
        long seq = static_cast<long>(le32(l.buffer, 18));
        auto granule = static_cast<std::int64_t>(le32(l.buffer, 6)) |
                       (static_cast<std::int64_t>(le32(l.buffer, 10)) << 32);
        if (seq >= 2) l.arrivals.emplace(granule, Clock::now());
        // After the two header pages a listener joins the live pages wherever they are.
        if (l.last_seq >= 2 && seq != l.last_seq + 1) ++l.gaps;
        l.last_seq = seq;
        ++l.pages;
        if (seq >= 2 && l.first_audio_ms < 0) l.first_audio_ms = ms_since(l.started);
        l.buffer.erase(0, 27 + segments + body);
    }
}

}  // namespace

int main(int argc, char** argv) {
    std::string url;
    std::vector<std::string> also;
    int clients = 100;
    double seconds = 10;
    CLI::App app{"Plain HTTP listeners of /stream.opus, checking every Ogg page", "http_listeners"};
    app.add_option("--url", url, "http://HOST:PORT/PATH")->required();
    app.add_option("--clients", clients, "Listeners of --url");
    app.add_option("--seconds", seconds, "How long to listen");
    app.add_option("--also", also, "One more listener of this URL (repeatable)");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 64;
    }
    if (!listener::split_url(url, "http://")) {
        std::fprintf(stderr, "http_listeners: --url http://HOST:PORT/PATH\n");
        return 64;
    }
    listener::raise_descriptor_limit();

    int ep = epoll_create1(0);
    std::vector<std::string> urls(static_cast<std::size_t>(clients), url);
    urls.insert(urls.end(), also.begin(), also.end());
    std::vector<Listener> listeners(urls.size());
    for (std::size_t i = 0; i < listeners.size(); ++i) {
        const auto u = listener::split_url(urls[i], "http://");
        if (!u) {
            std::fprintf(stderr, "http_listeners: not http://HOST:PORT/PATH: %s\n",
                         urls[i].c_str());
            return 64;
        }
        const std::string request =
            "GET " + u->path + " HTTP/1.0\r\nHost: " + u->hostport + "\r\n\r\n";
        Listener& l = listeners[i];
        l.fd = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<std::uint16_t>(u->port));
        inet_pton(AF_INET, u->host.c_str(), &addr.sin_addr);
        l.started = Clock::now();
        if (connect(l.fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
            write(l.fd, request.data(), request.size()) != static_cast<ssize_t>(request.size())) {
            close(l.fd);
            l.fd = -1;
            continue;
        }
        epoll_event e{};
        e.events = EPOLLIN;
        e.data.u64 = i;
        epoll_ctl(ep, EPOLL_CTL_ADD, l.fd, &e);
    }
    const auto end = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                        std::chrono::duration<double>(seconds));
    std::vector<epoll_event> events(1024);
    char buf[65536];
    while (Clock::now() < end) {
        int n = epoll_wait(ep, events.data(), static_cast<int>(events.size()), 50);
        for (int k = 0; k < n; ++k) {
            Listener& l = listeners[events[k].data.u64];
            ssize_t got = read(l.fd, buf, sizeof buf);
            if (got <= 0) {
                epoll_ctl(ep, EPOLL_CTL_DEL, l.fd, nullptr);
                l.closed = true;
                continue;
            }
            if (l.first_byte_ms < 0) l.first_byte_ms = ms_since(l.started);
            l.buffer.append(buf, static_cast<std::size_t>(got));
            if (!l.headers_done) {
                std::size_t h = l.buffer.find("\r\n\r\n");
                if (h == std::string::npos) continue;
                l.ok_status = l.buffer.rfind("HTTP/1.0 200", 0) == 0 ||
                              l.buffer.rfind("HTTP/1.1 200", 0) == 0;
                l.buffer.erase(0, h + 4);
                l.headers_done = true;
            }
            l.bytes += static_cast<std::uint64_t>(got);
            read_pages(l);
        }
    }
    long connected = 0, closed = 0, gaps = 0, bad = 0, pages_min = -1;
    std::uint64_t bytes_min = 0, bytes_total = 0;
    std::vector<double> first_byte, first_audio;
    for (auto& l : listeners)
        if (l.fd >= 0) close(l.fd);
    for (std::size_t i = 0; i < static_cast<std::size_t>(clients); ++i) {
        Listener& l = listeners[i];
        if (!l.ok_status) continue;
        ++connected;
        closed += l.closed;
        gaps += l.gaps;
        bad += l.bad;
        pages_min = pages_min < 0 ? l.pages : std::min(pages_min, l.pages);
        bytes_min = connected == 1 ? l.bytes : std::min(bytes_min, l.bytes);
        bytes_total += l.bytes;
        first_byte.push_back(l.first_byte_ms);
        if (l.first_audio_ms >= 0) first_audio.push_back(l.first_audio_ms);
    }
    std::sort(first_byte.begin(), first_byte.end());
    std::sort(first_audio.begin(), first_audio.end());
    auto median = [](const std::vector<double>& v) { return v.empty() ? -1.0 : v[v.size() / 2]; };
    nlohmann::json report = {
        {"clients", clients},
        {"connected", connected},
        {"closed_early", closed},
        {"gaps", gaps},
        {"bad_pages", bad},
        {"pages_min", pages_min},
        {"bytes_min", bytes_min},
        {"bytes_total", bytes_total},
        {"first_byte_ms_median", median(first_byte)},
        {"first_byte_ms_max", first_byte.empty() ? -1.0 : first_byte.back()},
        {"first_audio_ms_median", median(first_audio)},
        {"first_audio_ms_max", first_audio.empty() ? -1.0 : first_audio.back()}};
    // The same pages later elsewhere: each --also URL against the first listener.
    report["also"] = nlohmann::json::array();
    for (std::size_t k = 0; k < also.size(); ++k) {
        const Listener& other = listeners[static_cast<std::size_t>(clients) + k];
        std::vector<double> later;
        for (const auto& [granule, when] : other.arrivals) {
            auto here = listeners[0].arrivals.find(granule);
            if (here != listeners[0].arrivals.end())
                later.push_back(
                    std::chrono::duration<double, std::milli>(when - here->second).count());
        }
        std::sort(later.begin(), later.end());
        report["also"].push_back({{"url", also[k]},
                                  {"ok", other.ok_status},
                                  {"pages", other.pages},
                                  {"gaps", other.gaps},
                                  {"common_pages", later.size()},
                                  {"first_audio_ms", other.first_audio_ms},
                                  {"later_ms_median", median(later)},
                                  {"later_ms_max", later.empty() ? -1.0 : later.back()}});
    }
    std::printf("%s\n", report.dump().c_str());
    return connected == clients ? 0 : 1;
}
