// The network side of ambient-stream: one WebSocket + HTTP server (websocketpp on
// standalone Asio, one network thread) that sends every published frame to every
// listener. websocketpp stays inside stream_server.cpp, which builds as C++17.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/json_log.hpp"
#include "stream/frame_source.hpp"
#include "stream/history_routes.hpp"
#include "stream/http_routes.hpp"
#include "stream/icecast_source.hpp"

namespace ambient {

struct StreamServerOptions {
    std::string host = "127.0.0.1";
    int port = 8000;  // 0: any free port (see port())
    int max_clients = 2000;
    // Listeners (WebSocket and HTTP) from one address at most; more get 429. 0: no cap;
    // -1: default_max_per_address(host) (none on loopback, else 64).
    int max_per_address = -1;
    // WebSocket pings a listener may send per second; more close it (1008).
    int max_pings_per_second = 20;
    std::string web_root;     // empty: the page built into the binary
    bool opus = true;         // the default codec is Opus; clients may ask ?codec=pcm
    int preroll_frames = 4;   // sent at once to a new listener (80 ms): sound starts at once
    int http_burst_ms = 500;  // recent audio an HTTP listener gets at once, so players start
    int mp3_kbps = 128;       // /stream.mp3
    std::vector<IcecastTarget> icecast;  // Icecast servers this stream is a source for
    std::string monitor_file;  // /monitor's samples kept here across restarts (empty: not kept)
    std::string name = "ambient radio";  // for players (icy-name) and Ogg tags
    std::string description = "generative ambient music, live";
    // A listener with this much unsent data loses frames until it catches up ...
    std::size_t slow_client_bytes = 64 * 1024;
    // ... and is closed when it has not caught up for this long.
    std::chrono::milliseconds slow_client_timeout{10000};
    std::string control_file;   // where POST /api/control writes (empty: memory only)
    std::string control_token;  // needed off loopback (Authorization: Bearer …)
    HistoryRoutes history;      // /api/history, /api/recording (empty: 404, no history kept)
};

class StreamServer {
  public:
    // Fills in what the server does not know itself (input, ring, frames).
    using StatusSource = std::function<void(StatusSnapshot&)>;

    // Binds and listens at once; Error(unavailable) when the address cannot be had.
    StreamServer(const StreamServerOptions& options, JsonLog& log, StatusSource status);
    ~StreamServer();
    StreamServer(const StreamServer&) = delete;
    StreamServer& operator=(const StreamServer&) = delete;

    int port() const;

    // Any thread: send `frame` to every listener.
    void publish(std::shared_ptr<const StreamFrame> frame);
    // Any thread: the input is over; close every listener normally (1000) once their
    // frames are out, then run() returns.
    void finish();
    // Any thread: close every listener (1001 going away) and return from run().
    void stop();

    // The network loop, until finish(), stop(), SIGINT or SIGTERM.
    void run();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace ambient
