// Listeners of the plain HTTP streams (/stream.opus): a response that never ends, written
// straight to the socket of a connection websocketpp has handed over (its response is
// deferred for good). Each listener has its own queue of shared pages: one that cannot
// keep up loses whole pages of its own, never anyone else's, and is closed when it has not
// caught up for a while. Everything runs on the network thread. C++17 (ambient_ws).
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/json_log.hpp"
#include "stream/behind.hpp"
#include "stream/ws_server.hpp"

namespace ambient {

class HttpAudioListeners {
  public:
    using Clock = std::chrono::steady_clock;
    using Page = std::shared_ptr<const std::string>;

    struct Options {
        std::size_t max_queued_bytes = 128 * 1024;      // beyond this, pages are dropped
        std::chrono::milliseconds slow_timeout{10000};  // dropping this long: closed
    };

    HttpAudioListeners(JsonLog& log, Options options) : log_(log), options_(options) {}

    // Takes over `con` (its HTTP response deferred): `headers` (status line and headers), then
    // `start` (the stream's first bytes), then every page of `format` broadcast from now on.
    // `icy_metaint` > 0: an ICY title block after every so many bytes of audio.
    void add(const Server::connection_ptr& con, const std::string& format, std::string headers,
             const std::string& start, std::size_t icy_metaint = 0);
    void broadcast(const std::string& format, const Page& page);
    // What ICY listeners are told is playing, from their next title block.
    void set_title(std::string title) { title_ = std::move(title); }
    void close_all();
    // Told of every listener that goes (its connection), however it ends.
    void on_close(std::function<void(const void*)> f) { on_close_ = std::move(f); }

    std::size_t size() const { return listeners_.size(); }
    std::size_t count(const std::string& format) const;
    std::uint64_t total() const { return total_; }
    std::uint64_t dropped() const { return dropped_; }  // closed for being too slow
    std::uint64_t pages_dropped() const { return pages_dropped_; }
    std::uint64_t bytes_sent() const { return bytes_sent_; }

  private:
    struct Listener {
        Server::connection_ptr con;
        std::uint64_t id = 0;
        std::string address, format;
        std::deque<Page> queue;
        std::size_t queued = 0;
        bool writing = false;
        std::uint64_t sent = 0, lost = 0;
        Behind behind;
        std::size_t icy_metaint = 0, icy_until = 0;  // bytes of audio until the next title
        std::string icy_title;                       // the title it was last told
    };
    // False: too slow for too long. `headers` go as they are, never between titles.
    bool queue(Listener& l, const Page& page, bool headers = false);
    Page with_titles(Listener& l, const std::string& audio);
    void write_next(std::uint64_t id);
    void close(std::uint64_t id, const char* why);

    JsonLog& log_;
    Options options_;
    std::unordered_map<std::uint64_t, Listener> listeners_;
    std::unordered_map<std::string, std::size_t>
        per_format_;  // asked every frame: kept, not counted
    std::string title_;
    std::function<void(const void*)> on_close_;
    std::uint64_t next_id_ = 1, total_ = 0, dropped_ = 0, pages_dropped_ = 0, bytes_sent_ = 0;
};

}  // namespace ambient
