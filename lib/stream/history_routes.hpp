// What the server asks of the station's history (GET /api/history, GET /api/recording),
// as plain functions the stream's wiring fills in: the server itself knows no SQLite or
// rendering. C++17, like the server that includes it.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <variant>

#include "stream/http_routes.hpp"

namespace ambient {

// A response made on a thread of its own and sent as it is made.
struct Download {
    std::string content_type, filename;
    long long length = -1;  // bytes, when known before the first is made
    // Hands the bytes to `emit` in order; `emit` waits while the listener is behind and
    // returns false once the listener has gone (then return soon).
    std::function<void(const std::function<bool(const char*, std::size_t)>& emit)> produce;
};

struct HistoryRoutes {
    // GET /api/history?since=TIME&limit=N (the request's resource, query and all).
    std::function<HttpReply(const std::string& resource)> history;
    // GET /api/recording?…: the refusal, or the download.
    std::function<std::variant<HttpReply, Download>(const std::string& resource)> recording;
    int max_recordings = 2;  // rendering at once; more get 429
};

}  // namespace ambient
