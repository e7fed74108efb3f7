// POST/GET /api/control: the values listeners steer, checked against the control schema
// (compose/control.hpp), kept, and written to the control file every stage given
// --control follows. GET /api/control/schema serves the schema itself.
//
// Plain std types only: the C++17 server includes this header.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "stream/http_routes.hpp"

namespace ambient {

class ControlApi {
  public:
    // `file`: where accepted values go (empty: kept in memory only). An existing file's
    // values and version are taken up, so a restarted server carries on from them, and
    // a change another writer makes to it is followed.
    explicit ControlApi(std::string file);
    ~ControlApi();

    // {"version":3,"key":"D","mode":"dorian","bpm":72,"intensity":0.6}
    HttpReply get() const;
    // A JSON object with any of the schema's fields: 200 with the new state, or 400
    // naming the field (nothing changes), 413 over 4 KiB, 500 when the file cannot be written.
    HttpReply post(const std::string& body);
    // The fields, their types, ranges, choices, defaults and help.
    static HttpReply schema();

    std::string state_json() const;

    static constexpr std::size_t max_body = 4096;

  private:
    struct State;
    mutable std::mutex mutex_;
    std::unique_ptr<State> state_;
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
