// What ambient-stream answers over plain HTTP, apart from the WebSocket: the web page
// (built in, or from --web-root), status JSON, health and Prometheus metrics. Pure
// functions of a snapshot, so they are tested without a socket.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ambient {

struct HttpReply {
    int status = 200;
    std::string content_type = "text/plain; charset=utf-8";
    std::string body;
};

// Everything /api/status, /healthz and /metrics report, read once per request.
struct StatusSnapshot {
    std::string codec = "opus";
    int bitrate = 96000;
    double uptime_s = 0;
    bool stalled = true;
    bool input_finished = false;
    bool input_waiting = false;       // between inputs: the radio is restarting the pipeline
    std::uint64_t inputs = 1;         // inputs begun (one for stdin)
    double lateness_ms = 0;           // the latest frame of the last second, against the clock
    double buffer_ms = 0;             // audio waiting in the ring
    double buffer_capacity_ms = 0;    // the ring's size
    std::uint64_t input_frames = 0;   // stereo frames read from stdin (at 48 kHz)
    std::uint64_t frames = 0;         // 20 ms frames made and broadcast
    std::uint64_t silent_frames = 0;  // of those, silence for a stalled input
    std::uint64_t underflows = 0;     // the ring ran dry while playing
    std::uint64_t overflow_samples = 0;
    std::uint64_t non_finite_samples = 0;  // NaN or infinite input, replaced by silence
    std::uint64_t input_waits = 0;         // the reader waited for room (input ahead of real time)
    std::uint64_t pacer_skipped = 0;       // frames skipped after the server itself stalled
    int clients = 0;
    int max_clients = 0;
    std::uint64_t clients_total = 0;    // connections accepted since start
    std::uint64_t clients_dropped = 0;  // closed by us for not keeping up
    std::uint64_t client_frames_sent = 0;
    std::uint64_t client_frames_dropped = 0;  // skipped for slow clients
    std::uint64_t bytes_sent = 0;
    int http_opus_clients = 0, http_mp3_clients = 0;  // plain HTTP listeners, by stream
    std::uint64_t http_clients_total = 0, http_clients_dropped = 0, http_pages_dropped = 0;
    std::uint64_t http_bytes_sent = 0;
    std::string control = "{}";  // JSON: the current control values
    std::string playing;         // JSON: what the audio leaving now holds (empty: unknown)
    std::string radio;           // JSON: ambient-radio's stages (empty: not under the radio)
    std::string icecast;         // JSON: the Icecast targets (empty: none)
    // /api/history and /api/recording answer (--history) and recordings rendering now.
    bool history = false;
    int recordings = 0;
};

// "flowing", "stalled" (silence is going out), "waiting" (for the radio's next input)
// or "finished" (the end is playing out).
const char* input_state(const StatusSnapshot& s);
std::string status_json(const StatusSnapshot& s);
// The WebSocket status message, {"type":"status",…} (docs/protocol.md).
std::string status_message(const StatusSnapshot& s);
HttpReply health_reply(const StatusSnapshot& s);
std::string metrics_text(const StatusSnapshot& s);

// A request's path: its resource without the query string.
std::string path_of(const std::string& resource);
// A query parameter's value, URL-decoded: nothing when the query does not name it, "" for
// "?key=".
std::optional<std::string> query_value(const std::string& resource, const std::string& key);

// The file for a request path (query string already removed): "/" is index.html.
// From `web_root` when it is not empty, else from the files built into the binary.
// Paths that leave the root ("..", encoded or not), hidden files and anything but
// plain files are refused. nullopt: 404.
std::optional<HttpReply> static_file(std::string_view path, const std::string& web_root);

// "text/html; charset=utf-8" for "x.html", and so on.
std::string mime_type(std::string_view path);

}  // namespace ambient
