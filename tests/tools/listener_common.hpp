// What the load-testing listeners (stream_client, http_listeners) share: the URL they are
// given and the descriptor limit thousands of sockets need.
#pragma once

#include <sys/resource.h>

#include <cstdlib>
#include <optional>
#include <string>

namespace listener {

struct Url {
    std::string host, hostport, path;
    int port = 0;
};

// "ws://HOST:PORT/PATH" (or http://…) with the scheme given; nothing on another scheme
// or without a port.
inline std::optional<Url> split_url(const std::string& url, const std::string& scheme) {
    if (url.rfind(scheme, 0) != 0) return std::nullopt;
    const std::string rest = url.substr(scheme.size());
    const std::size_t slash = rest.find('/');
    Url u;
    u.hostport = rest.substr(0, slash);
    u.path = slash == std::string::npos ? "/" : rest.substr(slash);
    const std::size_t colon = u.hostport.rfind(':');
    if (colon == std::string::npos) return std::nullopt;
    u.host = u.hostport.substr(0, colon);
    u.port = std::atoi(u.hostport.c_str() + colon + 1);
    return u;
}

// As many descriptors as the hard limit allows: one per listener.
inline void raise_descriptor_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

}  // namespace listener
