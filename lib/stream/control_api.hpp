// POST/GET /api/control: the values listeners steer (key, mode, bpm, intensity), checked,
// kept, and written to the control file that every stage given --control reads.
//
// Plain std types only: the C++17 server includes this header; the checking itself uses
// the composers' parse_control, so the API and the stages agree on what is valid.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "stream/http_routes.hpp"

namespace ambient {

class ControlApi {
  public:
    // `file`: where accepted values go (empty: kept in memory only). An existing file's
    // values and version are taken up, so a restarted server carries on from them.
    explicit ControlApi(std::string file);

    // {"version":3,"key":"D","mode":"dorian","bpm":72,"intensity":0.6}
    HttpReply get() const;
    // A JSON object with any of key, mode, bpm, intensity: 200 with the new state, or
    // 400 naming the field (nothing changes), 413 over 4 KiB.
    HttpReply post(const std::string& body);

    std::string state_json() const;
    std::uint64_t version() const;

    static constexpr std::size_t max_body = 4096;

  private:
    void write_file(const std::string& json) const;
    std::string file_;
    mutable std::mutex mutex_;
    std::string state_;  // the current values as JSON
    std::uint64_t version_ = 0;
};

// Who may change the music: anyone on a loopback-only server; off loopback only a client
// with the token (Authorization: Bearer …). Every client is rate-limited.
class ControlGate {
  public:
    ControlGate(bool loopback_only, std::string token, double per_second = 5, double burst = 10)
        : loopback_only_(loopback_only),
          token_(std::move(token)),
          rate_(per_second),
          burst_(burst) {}

    // nullopt: go ahead; otherwise the refusal (401, 403 or 429).
    std::optional<HttpReply> check(const std::string& client_ip, const std::string& authorization,
                                   std::chrono::steady_clock::time_point now);

  private:
    struct Bucket {
        double tokens;
        std::chrono::steady_clock::time_point last;
    };
    bool loopback_only_;
    std::string token_;
    double rate_, burst_;
    std::map<std::string, Bucket> buckets_;
};

// True for 127.0.0.0/8, ::1 and "localhost".
bool is_loopback_host(const std::string& host);

}  // namespace ambient
