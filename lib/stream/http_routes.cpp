#include "stream/http_routes.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "stream/web_assets.hpp"

namespace ambient {

const char* input_state(const StatusSnapshot& s) {
    if (s.input_finished) return "finished";
    if (s.stalled) return s.input_waiting ? "waiting" : "stalled";
    return "flowing";
}

namespace {
bool stalled(const StatusSnapshot& s) {
    return s.stalled && !s.input_finished;
}

// The control values and what is playing, carried as JSON text in the snapshot.
void add_control_and_playing(nlohmann::ordered_json& j, const StatusSnapshot& s) {
    j["control"] = nlohmann::ordered_json::parse(s.control, nullptr, false);
    if (!s.playing.empty()) j["playing"] = nlohmann::ordered_json::parse(s.playing, nullptr, false);
}
}  // namespace

std::string status_message(const StatusSnapshot& s) {
    nlohmann::ordered_json j = {{"type", "status"},
                                {"clients", s.clients},
                                {"buffer_ms", s.buffer_ms},
                                {"input", input_state(s)}};
    add_control_and_playing(j, s);
    return j.dump();
}

std::string status_json(const StatusSnapshot& s) {
    nlohmann::ordered_json j = {
        {"codec", s.codec},
        {"bitrate", s.bitrate},
        {"uptime_s", s.uptime_s},
        {"input", input_state(s)},
        {"buffer_ms", s.buffer_ms},
        {"buffer_capacity_ms", s.buffer_capacity_ms},
        {"clients", s.clients},
        {"max_clients", s.max_clients},
        {"clients_total", s.clients_total},
        {"clients_dropped", s.clients_dropped},
        {"frames", s.frames},
        {"silent_frames", s.silent_frames},
        {"frames_sent", s.client_frames_sent},
        {"frames_dropped", s.client_frames_dropped},
        {"bytes_sent", s.bytes_sent},
        {"underflows", s.underflows},
        {"overflow_samples", s.overflow_samples},
        {"input_waits", s.input_waits},
        {"non_finite_samples", s.non_finite_samples},
        {"input_seconds", static_cast<double>(s.input_frames) / 48000.0},
        {"pacer_skipped", s.pacer_skipped},
        {"lateness_ms", s.lateness_ms},
        {"http_listeners",
         {{"opus", s.http_opus_clients},
          {"mp3", s.http_mp3_clients},
          {"total", s.http_clients_total},
          {"dropped", s.http_clients_dropped},
          {"pages_dropped", s.http_pages_dropped},
          {"bytes_sent", s.http_bytes_sent}}},
        {"inputs", s.inputs},
        {"history", s.history},
        {"recordings", s.recordings},
    };
    add_control_and_playing(j, s);
    if (!s.radio.empty()) j["radio"] = nlohmann::ordered_json::parse(s.radio, nullptr, false);
    if (!s.icecast.empty()) j["icecast"] = nlohmann::ordered_json::parse(s.icecast, nullptr, false);
    return j.dump();
}

HttpReply health_reply(const StatusSnapshot& s) {
    if (stalled(s) && s.input_waiting)
        return {503, "text/plain; charset=utf-8",
                "waiting: no input, the pipeline is restarting (silence is going out)\n"};
    if (stalled(s)) return {503, "text/plain; charset=utf-8", "stalled: no audio from the input\n"};
    return {200, "text/plain; charset=utf-8", "ok\n"};
}

namespace {
struct Metric {
    const char* name;
    const char* type;  // "gauge" or "counter"
    const char* help;
};

void metric_header(std::ostringstream& out, const Metric& m) {
    out << "# HELP " << m.name << ' ' << m.help << "\n# TYPE " << m.name << ' ' << m.type << '\n';
}

// One metric with a value per row of a JSON array (supervised stages, Icecast targets),
// labelled `label` with each row's "name"; true counts 1.
void labelled_metric(std::ostringstream& out, const nlohmann::json& rows, const char* label,
                     const Metric& m, const char* field) {
    metric_header(out, m);
    for (const auto& row : rows) {
        const auto& v = row.contains(field) ? row[field] : nlohmann::json();
        double value = v.is_number() ? v.get<double>() : v.is_boolean() ? v.get<bool>() : 0.0;
        out << m.name << '{' << label << "=\"" << row.value("name", "") << "\"} " << value << '\n';
    }
}

void icecast_metrics(std::ostringstream& out, const std::string& icecast) {
    auto targets = nlohmann::json::parse(icecast, nullptr, false);
    if (!targets.is_array()) return;
    for (auto& t : targets) {
        t["name"] = t.value("target", "");
        t["up"] = t.value("connected", false);
    }
    const std::pair<Metric, const char*> rows[] = {
        {{"ambient_stream_icecast_connected", "gauge", "1 while the Icecast source is connected."},
         "up"},
        {{"ambient_stream_icecast_connections_total", "counter",
          "Connections made to the Icecast server (reconnections + 1)."},
         "connections"},
        {{"ambient_stream_icecast_sent_bytes_total", "counter",
          "Bytes sent to the Icecast server."},
         "bytes_sent"},
    };
    for (const auto& [m, field] : rows) labelled_metric(out, targets, "target", m, field);
}

void radio_metrics(std::ostringstream& out, const std::string& radio) {
    auto j = nlohmann::json::parse(radio, nullptr, false);
    if (!j.is_object() || !j.contains("stages") || !j["stages"].is_array()) return;
    metric_header(
        out, {"ambient_radio_hangs_total", "counter", "Chains made again because the input hung."});
    out << "ambient_radio_hangs_total " << j.value("hangs", 0) << '\n';
    nlohmann::json stages = j["stages"];
    for (auto& stage : stages) stage["up"] = stage.value("state", "") == "running";
    const std::pair<Metric, const char*> rows[] = {
        {{"ambient_radio_stage_up", "gauge", "1 while the stage runs."}, "up"},
        {{"ambient_radio_stage_restarts_total", "counter", "Times the stage was started again."},
         "restarts"},
        {{"ambient_radio_stage_failures_total", "counter",
          "Times the stage died (signal or non-zero exit) while the radio ran."},
         "failures"},
        {{"ambient_radio_stage_cpu_ratio", "gauge",
          "CPU the stage used over the last second (1 = one core)."},
         "cpu"},
        {{"ambient_radio_stage_memory_bytes", "gauge", "Resident memory of the stage."},
         "memory_bytes"},
    };
    for (const auto& [m, field] : rows) labelled_metric(out, stages, "stage", m, field);
}
}  // namespace

std::string metrics_text(const StatusSnapshot& s) {
    std::ostringstream out;
    out.precision(12);
    const auto n = [](auto v) { return static_cast<double>(v); };
    const bool stall = stalled(s);
    const std::pair<Metric, double> rows[] = {
        {{"ambient_stream_uptime_seconds", "gauge", "Seconds since the server started."},
         s.uptime_s},
        {{"ambient_stream_input_stalled", "gauge", "1 while no audio arrives from the input."},
         stall ? 1.0 : 0.0},
        {{"ambient_stream_buffer_seconds", "gauge", "Audio waiting in the ring buffer."},
         s.buffer_ms / 1000.0},
        {{"ambient_stream_input_seconds_total", "counter", "Audio read from stdin."},
         n(s.input_frames) / 48000.0},
        {{"ambient_stream_frames_total", "counter", "20 ms frames broadcast."}, n(s.frames)},
        {{"ambient_stream_silent_frames_total", "counter",
          "Frames of silence sent while the input stalled."},
         n(s.silent_frames)},
        {{"ambient_stream_underflows_total", "counter",
          "Times the ring buffer ran dry while playing."},
         n(s.underflows)},
        {{"ambient_stream_overflow_samples_total", "counter",
          "Samples lost because the ring buffer was full."},
         n(s.overflow_samples)},
        {{"ambient_stream_non_finite_samples_total", "counter",
          "Input samples that were NaN or infinite, replaced by silence."},
         n(s.non_finite_samples)},
        {{"ambient_stream_pacer_skipped_frames_total", "counter",
          "Frames skipped because the server itself fell behind."},
         n(s.pacer_skipped)},
        {{"ambient_stream_clients", "gauge", "Listeners connected."}, n(s.clients)},
        {{"ambient_stream_clients_total", "counter", "Listeners accepted since start."},
         n(s.clients_total)},
        {{"ambient_stream_clients_dropped_total", "counter",
          "Listeners closed for not keeping up."},
         n(s.clients_dropped)},
        {{"ambient_stream_client_frames_sent_total", "counter", "Frames queued to listeners."},
         n(s.client_frames_sent)},
        {{"ambient_stream_client_frames_dropped_total", "counter",
          "Frames skipped for listeners that could not keep up."},
         n(s.client_frames_dropped)},
        {{"ambient_stream_sent_bytes_total", "counter", "Bytes queued to listeners."},
         n(s.bytes_sent)},
        {{"ambient_stream_http_clients_total", "counter",
          "Plain HTTP listeners accepted since start."},
         n(s.http_clients_total)},
        {{"ambient_stream_http_clients_dropped_total", "counter",
          "Plain HTTP listeners closed for not keeping up."},
         n(s.http_clients_dropped)},
        {{"ambient_stream_http_pages_dropped_total", "counter",
          "Ogg pages skipped for HTTP listeners that could not keep up."},
         n(s.http_pages_dropped)},
        {{"ambient_stream_http_sent_bytes_total", "counter", "Bytes sent to HTTP listeners."},
         n(s.http_bytes_sent)},
        {{"ambient_stream_input_waiting", "gauge",
          "1 while the radio restarts the pipeline (silence is going out)."},
         stall && s.input_waiting ? 1.0 : 0.0},
        {{"ambient_stream_inputs_total", "counter", "Inputs begun (renderer restarts + 1)."},
         n(s.inputs)},
        {{"ambient_stream_frame_lateness_seconds", "gauge",
          "How late the latest frame of the last second left, against the clock."},
         s.lateness_ms / 1000.0},
    };
    for (const auto& [m, value] : rows) {
        metric_header(out, m);
        out << m.name << ' ' << value << '\n';
    }
    metric_header(out,
                  {"ambient_stream_http_clients", "gauge", "Plain HTTP listeners, by format."});
    out << "ambient_stream_http_clients{format=\"opus\"} " << s.http_opus_clients
        << "\nambient_stream_http_clients{format=\"mp3\"} " << s.http_mp3_clients << '\n';
    if (!s.radio.empty()) radio_metrics(out, s.radio);
    if (!s.icecast.empty()) icecast_metrics(out, s.icecast);
    return out.str();
}

std::string mime_type(std::string_view path) {
    auto ends = [&](std::string_view ext) {
        return path.size() >= ext.size() && path.substr(path.size() - ext.size()) == ext;
    };
    if (ends(".html")) return "text/html; charset=utf-8";
    if (ends(".js") || ends(".mjs")) return "text/javascript; charset=utf-8";
    if (ends(".css")) return "text/css; charset=utf-8";
    if (ends(".json")) return "application/json";
    if (ends(".svg")) return "image/svg+xml";
    if (ends(".png")) return "image/png";
    if (ends(".wasm")) return "application/wasm";
    if (ends(".txt")) return "text/plain; charset=utf-8";
    return "application/octet-stream";
}

namespace {
// Percent-decoding; nullopt for a malformed escape or an encoded NUL.
std::optional<std::string> url_decode(std::string_view in) {
    std::string out;
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] != '%') {
            out += in[i];
            continue;
        }
        if (i + 2 >= in.size()) return std::nullopt;
        auto hex = [](char c) -> int {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        };
        int hi = hex(in[i + 1]), lo = hex(in[i + 2]);
        if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) return std::nullopt;
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return out;
}

// "a/b.js" from "/a/b.js"; nullopt when a segment is empty, hidden, "..", or holds a backslash.
std::optional<std::string> safe_relative(std::string_view path) {
    auto decoded = url_decode(path);
    if (!decoded || decoded->empty() || (*decoded)[0] != '/') return std::nullopt;
    std::string rel = decoded->substr(1);
    if (rel.empty() || rel.back() == '/') rel += "index.html";
    std::size_t start = 0;
    while (start <= rel.size()) {
        std::size_t end = rel.find('/', start);
        if (end == std::string::npos) end = rel.size();
        std::string_view segment(rel.data() + start, end - start);
        if (segment.empty() || segment[0] == '.' || segment.find('\\') != std::string_view::npos)
            return std::nullopt;
        start = end + 1;
    }
    return rel;
}

std::optional<std::string> read_regular_file(const std::string& root, const std::string& rel) {
    char root_real[PATH_MAX], file_real[PATH_MAX];
    std::string full = root + "/" + rel;
    if (!realpath(root.c_str(), root_real) || !realpath(full.c_str(), file_real))
        return std::nullopt;
    // A symbolic link inside the root must not lead out of it.
    std::string prefix = std::string(root_real) + "/";
    if (std::string_view(file_real).substr(0, prefix.size()) != prefix) return std::nullopt;
    struct stat st {};
    if (stat(file_real, &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
    std::ifstream in(file_real, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream body;
    body << in.rdbuf();
    return body.str();
}
}  // namespace

std::string path_of(const std::string& resource) {
    return resource.substr(0, resource.find('?'));
}

namespace {
// "2026-12-06+02%3A30" → "2026-12-06 02:30" (as forms and URLSearchParams encode); a '%'
// not followed by two hex digits stays as it is.
std::string url_decoded(std::string_view text) {
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '+') {
            out += ' ';
        } else if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 &&
                   hex(text[i + 2]) >= 0) {
            out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}
}  // namespace

std::optional<std::string> query_value(const std::string& resource, const std::string& key) {
    std::size_t q = resource.find('?');
    if (q == std::string::npos) return std::nullopt;
    std::string_view query = std::string_view(resource).substr(q + 1);
    std::size_t at = 0;
    while (at <= query.size()) {
        std::size_t end = std::min(query.find('&', at), query.size());
        std::string_view pair = query.substr(at, end - at);
        if (pair.size() > key.size() && pair.substr(0, key.size()) == key &&
            pair[key.size()] == '=')
            return url_decoded(pair.substr(key.size() + 1));
        at = end + 1;
    }
    return std::nullopt;
}

std::optional<HttpReply> static_file(std::string_view path, const std::string& web_root) {
    auto rel = safe_relative(path);
    if (!rel) return std::nullopt;
    std::optional<std::string> body;
    if (!web_root.empty()) {
        body = read_regular_file(web_root, *rel);
    } else if (const WebAsset* asset = find_web_asset(*rel)) {
        body = std::string(asset->data);
    }
    if (!body) return std::nullopt;
    return HttpReply{200, mime_type(*rel), std::move(*body)};
}

}  // namespace ambient
