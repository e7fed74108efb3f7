// The operator's page (/monitor) plots the last hour: the server samples its status once a
// second into this bounded history, and /api/monitor serves it as columns, one array per
// series, oldest first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "stream/http_routes.hpp"

namespace ambient {

class MonitorHistory {
  public:
    explicit MonitorHistory(std::size_t capacity = 3600) : capacity_(capacity) {}

    // One sample, `unix_s` seconds since the epoch. Counters become per-second rates.
    void add(double unix_s, const StatusSnapshot& s);
    // {"interval_s":1,"capacity":N,"t":[…],"listeners":[…],…,"stages":{"render":{"cpu":[…],
    // "memory_mb":[…],"restarts":[…]},…}}: the samples taken after `since` (unix seconds),
    // so a page that has the hour fetches only what is new.
    std::string json(double since = -1) const;
    std::size_t size() const { return samples_.size(); }
    // Takes back what json() gave (a server started again keeps its operator's hour);
    // false, and nothing changed, when `text` is not such JSON.
    bool load(const std::string& text);

  private:
    struct Stage {
        std::string name;
        double cpu = 0, memory_mb = 0, restarts = 0;
    };
    struct Sample {
        double t = 0;
        int listeners = 0;
        double buffer_ms = 0, lateness_ms = 0, frames_dropped = 0, silent_frames = 0;
        double restarts = 0;
        std::vector<Stage> stages;
    };
    std::size_t capacity_;
    std::deque<Sample> samples_;
    bool have_last_ = false;
    std::uint64_t last_dropped_ = 0, last_silent_ = 0;
};

}  // namespace ambient
