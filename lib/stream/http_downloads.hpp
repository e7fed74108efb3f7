// Downloads made as they are sent (GET /api/recording): each renders on a thread of its
// own and its bytes go out on the network thread through the socket websocketpp hands
// over, as /stream.opus's do. A listener that reads slowly slows its renderer (a bounded
// queue, never unbounded memory); one that goes stops it. C++17 (ambient_ws).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "core/json_log.hpp"
#include "stream/history_routes.hpp"
#include "stream/ws_server.hpp"

namespace ambient {

class HttpDownloads {
  public:
    HttpDownloads(asio::io_service& io, JsonLog& log) : io_(io), log_(log) {}
    ~HttpDownloads();  // stops every renderer and waits for it
    HttpDownloads(const HttpDownloads&) = delete;
    HttpDownloads& operator=(const HttpDownloads&) = delete;

    // Network thread: takes over `con` (its HTTP response deferred), sends `headers`, then
    // what `download` makes, and closes the connection when it is done.
    void add(const Server::connection_ptr& con, const std::string& headers, Download download);
    void close_all();
    std::size_t size() const {
        return jobs_.size() + ending_.size();
    }  // still rendering or sending

    static constexpr std::size_t max_queued_bytes = 1 << 20;

  private:
    // Shared by the renderer's thread and the network thread.
    struct Flow {
        std::mutex mutex;
        std::condition_variable room;
        std::size_t queued = 0;
        bool gone = false;
    };
    struct Job {
        Server::connection_ptr con;
        std::string address, filename;
        std::shared_ptr<Flow> flow;
        std::deque<std::shared_ptr<const std::string>> queue;
        bool writing = false, made = false;
        std::uint64_t sent = 0;
        std::thread thread;
    };
    void queue(std::uint64_t id, std::shared_ptr<const std::string> bytes);
    void write_next(std::uint64_t id);
    void finish(std::uint64_t id, const char* why);

    asio::io_service& io_;
    JsonLog& log_;
    std::unordered_map<std::uint64_t, Job> jobs_;
    std::unordered_map<std::uint64_t, std::thread> ending_;  // renderers told to stop
    std::uint64_t next_id_ = 1;
};

}  // namespace ambient
