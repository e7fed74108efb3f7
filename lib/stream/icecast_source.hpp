// ambient-stream --icecast: the stream handed to an Icecast server as a source (libshout),
// so that Icecast and its relays serve listeners beyond this machine. Each target has its
// own thread and queue: a slow or absent Icecast loses its own pages, never delays the
// other listeners, and is reconnected with a backoff (1 s doubling to 30 s).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/json_log.hpp"

namespace ambient {

struct IcecastTarget {
    std::string host, user = "source", password, mount;  // mount with its leading '/'
    int port = 8000;
    bool mp3 = false;  // by the mount's extension: .mp3 is MP3, .opus or .ogg Ogg Opus
    // "icecast://source:PASS@HOST:PORT/MOUNT"; without a password, `env_password`.
    // Error(usage) naming what is wrong.
    static IcecastTarget parse(const std::string& url, const std::string& env_password);
    std::string url_without_password() const;
};

class IcecastSource {
  public:
    using Page = std::shared_ptr<const std::string>;

    IcecastSource(IcecastTarget target, std::string name, std::string description, JsonLog& log);
    ~IcecastSource();
    IcecastSource(const IcecastSource&) = delete;
    IcecastSource& operator=(const IcecastSource&) = delete;

    // Any thread. `headers`: what a stream of this kind starts with (Ogg's header pages),
    // sent again after every reconnection.
    void set_headers(const std::string& headers);
    void send(const Page& page);
    void set_title(const std::string& title);  // MP3 mounts: Icecast's now-playing

    const IcecastTarget& target() const { return target_; }
    bool connected() const { return connected_.load(); }
    std::uint64_t connections() const { return connections_.load(); }
    std::uint64_t bytes_sent() const { return bytes_.load(); }
    std::uint64_t pages_dropped() const { return dropped_.load(); }

  private:
    void run();

    IcecastTarget target_;
    std::string name_, description_;
    JsonLog& log_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Page> queue_;
    std::string headers_, title_;
    bool title_changed_ = false, stop_ = false;
    std::atomic<bool> connected_{false};
    std::atomic<std::uint64_t> connections_{0}, bytes_{0}, dropped_{0};
    std::thread thread_;
};

}  // namespace ambient
