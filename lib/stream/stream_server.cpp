// websocketpp glue for StreamServer. Built as C++17 (websocketpp 0.8 does not compile
// as C++20); everything runs on the one thread that calls run(), so the listener table
// needs no lock: other threads reach it through asio::post.
#include "stream/stream_server.hpp"

#include <sys/resource.h>

#include <csignal>
#include <deque>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "core/error.hpp"
#include "core/replacing_file.hpp"
#include "core/watched_file.hpp"
#include "stream/address_counts.hpp"
#include "stream/behind.hpp"
#include "stream/control_api.hpp"
#include "stream/http_audio.hpp"
#include "stream/http_downloads.hpp"
#include "stream/monitor_history.hpp"
#include "stream/mp3_encoder.hpp"
#include "stream/ogg_opus.hpp"

namespace ambient {

namespace {

using Clock = std::chrono::steady_clock;

struct Client {
    Server::connection_ptr connection;
    std::uint64_t id = 0;
    std::string address;
    bool opus = true;
    std::uint64_t sent = 0;
    std::uint64_t dropped = 0;
    Behind behind;
    Clock::time_point ping_second{};  // the second its pings are being counted in
    int pings = 0;
};

// The address a connection comes from, without its port ("" once the socket is gone).
std::string ip_of(const Server::connection_ptr& con) {
    asio::error_code ec;
    auto endpoint = con->get_raw_socket().remote_endpoint(ec);
    return ec ? std::string() : endpoint.address().to_string();
}

// What ICY players show: "ambient: IVadd9 in D dorian, 70 bpm".
std::string stream_title(const nlohmann::ordered_json& playing) {
    if (!playing.is_object()) return "ambient";
    std::string title = "ambient: " + playing.value("chord", std::string()) + " in " +
                        playing.value("key", std::string()) + " " +
                        playing.value("mode", std::string());
    if (playing.contains("bpm") && playing["bpm"].is_number())
        title +=
            ", " + std::to_string(static_cast<int>(playing["bpm"].get<double>() + 0.5)) + " bpm";
    return title;
}

std::uint64_t unix_ms() {
    return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count());
}

// Many listeners need many descriptors: take all the hard limit allows.
void raise_file_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

}  // namespace

struct StreamServer::Impl {
    StreamServerOptions options;
    JsonLog& log;
    StatusSource status_source;
    asio::io_service io_service;  // before the server and timers that use it
    Server server;
    asio::signal_set signals;
    asio::steady_timer shutdown_timer;
    asio::steady_timer status_timer;
    ControlApi control;
    ControlGate gate;
    Clock::time_point started = Clock::now();
    std::unordered_map<const void*, Client> clients;
    // Accepted handshakes not yet open: they count against --max-clients too.
    std::unordered_set<const void*> opening;
    AddressCounts per_address;  // every listener, WebSocket or HTTP, by address
    std::unordered_map<std::string, Clock::time_point> refusals_told;
    std::deque<std::shared_ptr<const StreamFrame>> history;  // the pre-roll
    std::uint64_t next_id = 1;
    std::uint64_t clients_total = 0, clients_dropped = 0;
    std::uint64_t frames_sent = 0, frames_dropped = 0, bytes_sent = 0;
    bool closing = false;
    int port = 0;
    std::string playing;  // JSON of what the last frame sent holds
    MonitorHistory monitor;
    std::uint64_t monitor_ticks = 0;
    // /stream.opus: the Opus packets in Ogg pages, made once for every HTTP listener.
    OggOpusMuxer ogg{static_cast<std::uint32_t>(unix_ms()), 2};
    std::deque<HttpAudioListeners::Page> ogg_recent;  // the burst a new listener gets
    // /stream.mp3: encoded only while someone listens.
    std::unique_ptr<Mp3Encoder> mp3;
    std::deque<HttpAudioListeners::Page> mp3_recent;
    std::size_t mp3_recent_bytes = 0;
    std::vector<std::unique_ptr<IcecastSource>> icecast;  // --icecast targets
    bool icecast_mp3 = false;                             // one of them wants MP3
    HttpAudioListeners http_listeners;
    HttpDownloads downloads{io_service, log};  // /api/recording

    Impl(const StreamServerOptions& o, JsonLog& l, StatusSource s)
        : options(o),
          log(l),
          status_source(std::move(s)),
          signals(io()),
          shutdown_timer(io()),
          status_timer(io()),
          control(o.control_file),
          gate(is_loopback_host(o.host), o.control_token),
          per_address(o.max_per_address >= 0 ? o.max_per_address : default_max_per_address(o.host)),
          http_listeners(l, HttpAudioListeners::Options{128 * 1024, o.slow_client_timeout}) {}

    asio::io_service& io() { return io_service; }

    void init() {
        server.clear_access_channels(websocketpp::log::alevel::all);
        server.clear_error_channels(websocketpp::log::elevel::all);
        server.init_asio(&io_service);
        server.set_reuse_addr(true);
        server.set_listen_backlog(4096);
        server.set_open_handshake_timeout(5000);
        server.set_close_handshake_timeout(500);
        // A request that makes a handler throw gets a 500 and a log line; it must never
        // take the server, and every listener, down with it.
        server.set_validate_handler([this](websocketpp::connection_hdl h) {
            try {
                return validate(h);
            } catch (const std::exception& e) {
                internal_error(h, e);
                return false;
            }
        });
        server.set_open_handler([this](websocketpp::connection_hdl h) { on_open(h); });
        server.set_close_handler([this](websocketpp::connection_hdl h) { on_close(h); });
        server.set_fail_handler([this](websocketpp::connection_hdl h) {
            opening.erase(server.get_con_from_hdl(h).get());
            per_address.remove(server.get_con_from_hdl(h).get());
        });
        server.set_ping_handler(
            [this](websocketpp::connection_hdl h, std::string) { return on_ping(h); });
        server.set_http_handler([this](websocketpp::connection_hdl h) {
            try {
                on_http(h);
            } catch (const std::exception& e) {
                internal_error(h, e);
            }
        });
        http_listeners.on_close([this](const void* key) { per_address.remove(key); });
        server.set_message_handler([](websocketpp::connection_hdl, Server::message_ptr) {});

        raise_file_limit();
        websocketpp::lib::error_code ec;
        server.listen(options.host, std::to_string(options.port), ec);
        if (ec)
            throw Error(ErrorKind::unavailable, "cannot listen: " + ec.message(),
                        options.host + ":" + std::to_string(options.port));
        asio::error_code aec;
        port = server.get_local_endpoint(aec).port();
        server.start_accept(ec);
        if (ec) throw Error(ErrorKind::unavailable, "cannot accept: " + ec.message());

        for (const auto& target : options.icecast) {
            icecast.push_back(
                std::make_unique<IcecastSource>(target, options.name, options.description, log));
            if (target.mp3)
                icecast_mp3 = true;
            else
                icecast.back()->set_headers(ogg.header_pages());
        }
        if (!options.monitor_file.empty()) {
            auto kept = read_whole_file(options.monitor_file);  // none at a first start
            if (kept && monitor.load(*kept))
                log.info("monitor_restored", {{"samples", monitor.size()}});
        }
        status_every_second();
        signals.add(SIGINT);
        signals.add(SIGTERM);
        signals.async_wait([this](const asio::error_code& e, int signal) {
            if (e) return;
            log.info("signal", {{"signal", signal == SIGINT ? "SIGINT" : "SIGTERM"}});
            shut_down(websocketpp::close::status::going_away, "server shutting down");
        });
    }

    void internal_error(websocketpp::connection_hdl h, const std::exception& e) {
        Server::connection_ptr con = server.get_con_from_hdl(h);
        log.error("request_failed", {{"address", con->get_remote_endpoint()},
                                     {"resource", con->get_resource()},
                                     {"error", e.what()}});
        try {
            con->set_status(websocketpp::http::status_code::internal_server_error);
            con->set_body("internal error\n");
        } catch (const websocketpp::exception&) {  // past the point of answering: it closes
        }
    }

    bool validate(websocketpp::connection_hdl h) {
        Server::connection_ptr con = server.get_con_from_hdl(h);
        if (path_of(con->get_resource()) != "/ws/stream") {
            con->set_status(websocketpp::http::status_code::not_found);
            return false;
        }
        if (closing || static_cast<int>(clients.size() + opening.size()) >= options.max_clients) {
            con->set_status(websocketpp::http::status_code::service_unavailable);
            log.warn("client_refused", {{"address", con->get_remote_endpoint()},
                                        {"reason", closing ? "shutting down" : "server full"},
                                        {"clients", clients.size()}});
            return false;
        }
        // ?codec= chooses opus or pcm; any other value, an empty one too, is refused.
        const auto codec = query_value(con->get_resource(), "codec");
        if (codec && *codec != "opus" && *codec != "pcm") {
            con->set_status(websocketpp::http::status_code::bad_request);
            con->set_body("codec must be opus or pcm\n");
            return false;
        }
        if (!admit_address(con)) {
            con->set_status(websocketpp::http::status_code::too_many_requests);
            con->set_body("too many listeners from your address\n");
            return false;
        }
        opening.insert(con.get());
        return true;
    }

    void on_open(websocketpp::connection_hdl h) {
        Server::connection_ptr con = server.get_con_from_hdl(h);
        opening.erase(con.get());
        asio::error_code ec;
        asio::ip::tcp::socket& socket = con->get_raw_socket();
        socket.set_option(asio::ip::tcp::no_delay(true), ec);  // a frame leaves when it is made
        // A small kernel send buffer (the kernel doubles it): a listener that stops reading
        // shows up in our own queue within seconds, not minutes, and loses frames there
        // instead of hearing ever staler audio.
        socket.set_option(asio::socket_base::send_buffer_size(32 * 1024), ec);
        Client c;
        c.connection = con;
        c.id = next_id++;
        c.address = con->get_remote_endpoint();
        c.opus = options.opus && query_value(con->get_resource(), "codec") != "pcm";
        ++clients_total;

        StreamDescription d;
        d.codec = c.opus ? StreamCodec::opus : StreamCodec::pcm_s16le;
        d.server_time_ms = unix_ms();
        d.next_sequence = history.empty() ? 0 : history.front()->sequence;
        if (history.empty()) {
            StatusSnapshot s;
            status_source(s);
            d.next_sequence = static_cast<std::uint32_t>(s.frames);
        }
        con->send(hello_message(d), websocketpp::frame::opcode::text);
        auto [it, inserted] = clients.emplace(con.get(), std::move(c));
        (void)inserted;
        log.info("client_connected", {{"client", it->second.id},
                                      {"address", it->second.address},
                                      {"codec", it->second.opus ? "opus" : "pcm"},
                                      {"clients", clients.size()}});
        for (const auto& frame : history) send(it->second, *frame, Clock::now());
    }

    void on_close(websocketpp::connection_hdl h) {
        Server::connection_ptr con = server.get_con_from_hdl(h);
        auto it = clients.find(con.get());
        if (it == clients.end()) return;
        const Client& c = it->second;
        log.info("client_disconnected", {{"client", c.id},
                                         {"address", c.address},
                                         {"frames_sent", c.sent},
                                         {"frames_dropped", c.dropped},
                                         {"close_code", con->get_remote_close_code()},
                                         {"reason", con->get_ec() ? con->get_ec().message()
                                                                  : con->get_remote_close_reason()},
                                         {"clients", clients.size() - 1}});
        clients.erase(it);
        per_address.remove(con.get());
    }

    // One address may hold per_address.cap() listeners; the refusal is told once a minute
    // per address at most, so a flood does not flood the log.
    bool admit_address(const Server::connection_ptr& con) {
        const std::string ip = ip_of(con);
        if (per_address.add(con.get(), ip)) return true;
        auto now = Clock::now();
        if (refusals_told.size() > 4096)  // many addresses refused: forget the old ones
            for (auto it = refusals_told.begin(); it != refusals_told.end();)
                it = now - it->second > std::chrono::minutes(1) ? refusals_told.erase(it) : ++it;
        auto& last = refusals_told[ip];
        if (last == Clock::time_point{} || now - last > std::chrono::minutes(1)) {
            last = now;
            log.warn("client_refused", {{"address", ip},
                                        {"reason", "too many from this address"},
                                        {"limit", per_address.cap()}});
        }
        return false;
    }

    // Pings are answered (RFC 6455) up to a rate; a listener sending more is closed.
    bool on_ping(websocketpp::connection_hdl h) {
        Server::connection_ptr con = server.get_con_from_hdl(h);
        auto it = clients.find(con.get());
        if (it == clients.end()) return true;
        Client& c = it->second;
        auto now = Clock::now();
        if (now - c.ping_second >= std::chrono::seconds(1)) {
            c.ping_second = now;
            c.pings = 0;
        }
        if (++c.pings <= options.max_pings_per_second) return true;
        if (c.pings == options.max_pings_per_second + 1) {
            log.warn("client_closed",
                     {{"client", c.id}, {"address", c.address}, {"reason", "ping flood"}});
            websocketpp::lib::error_code ec;
            con->close(websocketpp::close::status::policy_violation, "too many pings", ec);
        }
        return false;
    }

    void on_http(websocketpp::connection_hdl h) {
        Server::connection_ptr con = server.get_con_from_hdl(h);
        const std::string method = con->get_request().get_method();
        const std::string path = path_of(con->get_resource());
        HttpReply reply{404, "text/plain; charset=utf-8", "not found\n"};
        const bool opus_path = path == "/stream.opus" && options.opus;
        if ((opus_path || path == "/stream.mp3") && method == "GET" && !closing) {
            auto refusal = start_http_listener(con, opus_path ? "opus" : "mp3");
            if (!refusal) return;
            reply = std::move(*refusal);
        } else if ((opus_path || path == "/stream.mp3") && method == "HEAD") {
            reply = {200, opus_path ? "audio/ogg" : "audio/mpeg", ""};
            for (const auto& [name, value] : stream_headers()) con->append_header(name, value);
        } else if ((path == "/listen.m3u" || path == "/listen.pls") &&
                   (method == "GET" || method == "HEAD")) {
            reply = playlist(path == "/listen.pls", con->get_request_header("Host"));
        } else if (path == "/api/control") {
            reply = control_request(con, method);
        } else if (path == "/api/control/schema" && (method == "GET" || method == "HEAD")) {
            reply = ControlApi::schema();
        } else if (method != "GET" && method != "HEAD") {
            reply = {405, "text/plain; charset=utf-8", "method not allowed\n"};
            con->append_header("Allow", "GET, HEAD");
        } else if (path == "/api/status") {
            reply = {200, "application/json", status_json(snapshot()) + "\n"};
        } else if (path == "/api/history") {
            reply = options.history.history ? options.history.history(con->get_resource())
                                            : no_history();
            con->append_header("Cache-Control", "no-cache");
        } else if (path == "/api/recording") {
            auto refusal = start_recording(con, method == "HEAD");
            if (!refusal) return;
            reply = std::move(*refusal);
        } else if (path == "/api/monitor") {
            const auto since = query_value(con->get_resource(), "since");
            reply = {
                200, "application/json",
                monitor.json(since && !since->empty() ? std::atof(since->c_str()) : -1) + "\n"};
        } else if (auto page = path == "/monitor" ? static_file("/monitor.html", options.web_root)
                                                  : std::nullopt) {
            reply = std::move(*page);
            con->append_header("Cache-Control", "no-cache");
        } else if (path == "/healthz") {
            reply = health_reply(snapshot());
        } else if (path == "/metrics") {
            reply = {200, "text/plain; version=0.0.4; charset=utf-8", metrics_text(snapshot())};
        } else if (path == "/ws/stream") {
            reply = {426, "text/plain; charset=utf-8", "this is a WebSocket: upgrade to connect\n"};
        } else if (auto file = static_file(path, options.web_root)) {
            reply = std::move(*file);
            con->append_header("Cache-Control", "no-cache");
        }
        con->set_status(static_cast<websocketpp::http::status_code::value>(reply.status));
        con->append_header("Content-Type", reply.content_type);
        if (method == "HEAD") reply.body.clear();
        con->set_body(reply.body);
        log.debug("http", {{"method", method},
                           {"path", path},
                           {"status", reply.status},
                           {"address", con->get_remote_endpoint()}});
    }

    // A playlist of the HTTP streams at the address the player asked for (its Host header).
    HttpReply playlist(bool pls, std::string host) const {
        if (host.empty() || host.find_first_of(" \r\n/") != std::string::npos)
            host = options.host + ":" + std::to_string(port);
        std::vector<std::pair<std::string, std::string>> streams;
        if (options.opus)
            streams.push_back({options.name + " (Opus)", "http://" + host + "/stream.opus"});
        streams.push_back({options.name + " (MP3)", "http://" + host + "/stream.mp3"});
        std::string body;
        if (pls) {
            body = "[playlist]\n";
            for (std::size_t i = 0; i < streams.size(); ++i) {
                std::string n = std::to_string(i + 1);
                body += "File" + n + "=" + streams[i].second + "\nTitle" + n + "=" +
                        streams[i].first + "\nLength" + n + "=-1\n";
            }
            body += "NumberOfEntries=" + std::to_string(streams.size()) + "\nVersion=2\n";
            return {200, "audio/x-scpls", body};
        }
        body = "#EXTM3U\n";
        for (const auto& [title, url] : streams) body += "#EXTINF:-1," + title + "\n" + url + "\n";
        return {200, "audio/x-mpegurl", body};
    }

    std::vector<std::pair<std::string, std::string>> stream_headers() const {
        return {{"Cache-Control", "no-cache, no-store"},
                {"Access-Control-Allow-Origin", "*"},
                {"icy-name", options.name},
                {"icy-description", options.description}};
    }

    // /stream.opus, /stream.mp3: the headers and the last half second of audio go out at
    // once (for Opus after the Ogg header pages); from then on every page as it is made.
    // An MP3 listener asking for titles (Icy-MetaData: 1) gets one every 16000 bytes.
    // nullopt: listening; else the refusal (full, or too many from the address).
    std::optional<HttpReply> start_http_listener(const Server::connection_ptr& con,
                                                 const std::string& format) {
        const HttpReply full{503, "text/plain; charset=utf-8", "server full\n"};
        if (static_cast<int>(clients.size() + opening.size() + http_listeners.size()) >=
            options.max_clients)
            return full;
        if (!admit_address(con))
            return HttpReply{429, "text/plain; charset=utf-8",
                             "too many listeners from your address\n"};
        websocketpp::lib::error_code ec = con->defer_http_response();
        if (ec) {
            per_address.remove(con.get());
            return full;
        }
        const bool opus = format == "opus";
        const bool icy = !opus && con->get_request_header("Icy-MetaData") == "1";
        constexpr std::size_t metaint = 16000;
        std::string headers = std::string("HTTP/1.0 200 OK\r\nContent-Type: ") +
                              (opus ? "audio/ogg" : "audio/mpeg") + "\r\n";
        for (const auto& [name, value] : stream_headers()) headers += name + ": " + value + "\r\n";
        if (!opus) headers += "icy-br: " + std::to_string(options.mp3_kbps) + "\r\n";
        if (icy) headers += "icy-metaint: " + std::to_string(metaint) + "\r\n";
        headers += "Connection: close\r\n\r\n";
        std::string start = opus ? ogg.header_pages() : std::string();
        if (!opus && !mp3) mp3 = std::make_unique<Mp3Encoder>(options.mp3_kbps);
        for (const auto& page : opus ? ogg_recent : mp3_recent) start += *page;
        http_listeners.add(con, format, std::move(headers), start, icy ? metaint : 0);
        return std::nullopt;
    }

    static HttpReply no_history() {
        return {404, "text/plain; charset=utf-8",
                "this stream keeps no history (ambient-radio keeps one; ambient-stream --history "
                "DB)\n"};
    }

    // /api/recording: the stretch asked for, re-rendered on a thread of its own and sent as
    // it is made, a few at a time. nullopt: sending; else the refusal.
    std::optional<HttpReply> start_recording(const Server::connection_ptr& con, bool head) {
        if (!options.history.recording || closing) return no_history();
        if (!head && static_cast<int>(downloads.size()) >= options.history.max_recordings) {
            con->append_header("Retry-After", "30");
            return HttpReply{429, "text/plain; charset=utf-8",
                             "already rendering " + std::to_string(downloads.size()) +
                                 " recordings: try again soon\n"};
        }
        auto made = options.history.recording(con->get_resource());
        if (auto* refusal = std::get_if<HttpReply>(&made)) return std::move(*refusal);
        Download download = std::get<Download>(std::move(made));
        std::vector<std::pair<std::string, std::string>> fields = {
            {"Content-Type", download.content_type},
            {"Content-Disposition", "attachment; filename=\"" + download.filename + "\""},
            {"Cache-Control", "no-store"}};
        if (download.length >= 0)
            fields.push_back({"Content-Length", std::to_string(download.length)});
        if (head) {
            HttpReply reply{200, download.content_type, ""};
            for (const auto& [name, value] : fields)
                if (name != "Content-Type") con->append_header(name, value);
            return reply;
        }
        if (con->defer_http_response())
            return HttpReply{503, "text/plain; charset=utf-8", "server busy\n"};
        std::string headers = "HTTP/1.1 200 OK\r\n";
        for (const auto& [name, value] : fields) headers += name + ": " + value + "\r\n";
        headers += "Connection: close\r\n\r\n";
        downloads.add(con, headers, std::move(download));
        return std::nullopt;
    }

    // The frame as MP3, for its listeners; the encoder goes when the last of them does.
    void deliver_mp3(const StreamFrame& frame) {
        if (!mp3 && icecast_mp3) mp3 = std::make_unique<Mp3Encoder>(options.mp3_kbps);
        if (!mp3) return;
        if (http_listeners.count("mp3") == 0 && !icecast_mp3) {
            mp3.reset();
            mp3_recent.clear();
            mp3_recent_bytes = 0;
            return;
        }
        if (frame.pcm.size() <= frame_header_bytes) return;
        const auto* samples =
            reinterpret_cast<const std::int16_t*>(frame.pcm.data() + frame_header_bytes);
        std::string bytes =
            mp3->encode(samples, static_cast<int>((frame.pcm.size() - frame_header_bytes) / 4));
        if (bytes.empty()) return;
        auto shared = std::make_shared<const std::string>(std::move(bytes));
        mp3_recent.push_back(shared);
        mp3_recent_bytes += shared->size();
        const std::size_t burst =
            static_cast<std::size_t>(options.mp3_kbps) * 125 * options.http_burst_ms / 1000;
        while (mp3_recent_bytes > burst && mp3_recent.size() > 1) {
            mp3_recent_bytes -= mp3_recent.front()->size();
            mp3_recent.pop_front();
        }
        http_listeners.broadcast("mp3", shared);
        for (auto& source : icecast)
            if (source->target().mp3) source->send(shared);
    }

    HttpReply control_request(const Server::connection_ptr& con, const std::string& method) {
        if (method == "GET" || method == "HEAD") return control.get();
        if (method != "POST") {
            con->append_header("Allow", "GET, POST");
            return {405, "text/plain; charset=utf-8", "method not allowed\n"};
        }
        asio::error_code ec;
        std::string ip = con->get_raw_socket().remote_endpoint(ec).address().to_string();
        auto refused = gate.check(ip, con->get_request_header("Authorization"), Clock::now());
        HttpReply reply = refused ? *refused : control.post(con->get_request_body());
        log.log(reply.status == 200 ? LogLevel::info : LogLevel::warn, "control",
                {{"address", ip},
                 {"status", reply.status},
                 {"result", nlohmann::ordered_json::parse(reply.body, nullptr, false)}});
        if (reply.status == 200) broadcast_status();  // every page shows the change at once
        return reply;
    }

    // {"type":"status",…} to every listener: the control values and what is playing.
    void broadcast_status() {
        const std::string text = status_message(snapshot());
        for (auto& entry : clients)
            entry.second.connection->send(text, websocketpp::frame::opcode::text);
    }

    // Every ten seconds and at the end: a server killed loses at most ten seconds of plots.
    void save_monitor() {
        if (options.monitor_file.empty()) return;
        try {
            write_file_atomically(options.monitor_file, monitor.json());
        } catch (const std::exception& e) {
            log.warn("monitor_not_saved", {{"path", options.monitor_file}, {"error", e.what()}});
        }
    }

    void status_every_second() {
        status_timer.expires_after(std::chrono::seconds(1));
        status_timer.async_wait([this](const asio::error_code& e) {
            if (e || closing) return;
            monitor.add(static_cast<double>(unix_ms()) / 1000.0, snapshot());
            if (++monitor_ticks % 10 == 0) save_monitor();
            broadcast_status();
            status_every_second();
        });
    }

    StatusSnapshot snapshot() {
        StatusSnapshot s;
        status_source(s);
        s.uptime_s = std::chrono::duration<double>(Clock::now() - started).count();
        s.clients = static_cast<int>(clients.size());
        s.max_clients = options.max_clients;
        s.clients_total = clients_total;
        s.clients_dropped = clients_dropped;
        s.client_frames_sent = frames_sent;
        s.client_frames_dropped = frames_dropped;
        s.bytes_sent = bytes_sent;
        s.http_opus_clients = static_cast<int>(http_listeners.count("opus"));
        s.http_mp3_clients = static_cast<int>(http_listeners.count("mp3"));
        s.http_clients_total = http_listeners.total();
        s.http_clients_dropped = http_listeners.dropped();
        s.http_pages_dropped = http_listeners.pages_dropped();
        s.http_bytes_sent = http_listeners.bytes_sent();
        s.history = static_cast<bool>(options.history.history);
        s.recordings = static_cast<int>(downloads.size());
        if (!icecast.empty()) {
            auto list = nlohmann::ordered_json::array();
            for (const auto& source : icecast)
                list.push_back({{"target", source->target().url_without_password()},
                                {"connected", source->connected()},
                                {"connections", source->connections()},
                                {"bytes_sent", source->bytes_sent()},
                                {"pages_dropped", source->pages_dropped()}});
            s.icecast = list.dump();
        }
        s.control = control.state_json();
        s.playing = playing;
        return s;
    }

    // One frame to one listener, unless it is too far behind: then it loses this frame
    // (and, after slow_client_timeout of that, its connection). Nobody else waits.
    void send(Client& c, const StreamFrame& frame, Clock::time_point now) {
        const std::string& message = c.opus ? frame.opus : frame.pcm;
        if (c.connection->get_buffered_amount() > options.slow_client_bytes) {
            ++c.dropped;
            ++frames_dropped;
            const auto verdict = c.behind.lose(now, options.slow_client_timeout);
            if (verdict == Behind::Verdict::fell_behind) {
                log.warn("client_behind", {{"client", c.id}, {"address", c.address}});
            } else if (verdict == Behind::Verdict::too_long) {
                ++clients_dropped;
                log.warn("client_dropped", {{"client", c.id},
                                            {"address", c.address},
                                            {"frames_dropped", c.dropped},
                                            {"reason", "too slow"}});
                websocketpp::lib::error_code ec;
                c.connection->close(websocketpp::close::status::try_again_later,
                                    "too slow to keep up", ec);
                c.behind.restart(now);
            }
            return;
        }
        if (c.behind.take())
            log.info("client_caught_up", {{"client", c.id}, {"frames_dropped", c.dropped}});
        websocketpp::lib::error_code ec =
            c.connection->send(message.data(), message.size(), websocketpp::frame::opcode::binary);
        if (ec) return;  // closing already; its close handler removes it
        ++c.sent;
        ++frames_sent;
        bytes_sent += message.size();
    }

    void deliver(const std::shared_ptr<const StreamFrame>& frame) {
        if (closing) return;
        if (!frame->playing.empty()) {
            // What this frame holds is what listeners hear from now: say so at once.
            playing = frame->playing;
            auto now_playing = nlohmann::ordered_json::parse(playing, nullptr, false);
            log.info("playing", now_playing);
            http_listeners.set_title(stream_title(now_playing));
            for (auto& source : icecast) source->set_title(stream_title(now_playing));
            broadcast_status();
        }
        history.push_back(frame);
        while (static_cast<int>(history.size()) > options.preroll_frames) history.pop_front();
        if (frame->opus.size() > frame_header_bytes) {
            std::string page =
                ogg.add_packet(std::string_view(frame->opus).substr(frame_header_bytes));
            if (!page.empty()) {
                auto shared = std::make_shared<const std::string>(std::move(page));
                ogg_recent.push_back(shared);
                while (static_cast<int>(ogg_recent.size()) * 100 > options.http_burst_ms)
                    ogg_recent.pop_front();
                http_listeners.broadcast("opus", shared);
                for (auto& source : icecast)
                    if (!source->target().mp3) source->send(shared);
            }
        }
        deliver_mp3(*frame);
        Clock::time_point now = Clock::now();
        for (auto& entry : clients) send(entry.second, *frame, now);
    }

    void shut_down(websocketpp::close::status::value code, const std::string& reason) {
        if (closing) return;
        closing = true;
        signals.cancel();
        status_timer.cancel();
        websocketpp::lib::error_code ec;
        server.stop_listening(ec);
        for (auto& entry : clients) entry.second.connection->close(code, reason, ec);
        http_listeners.close_all();
        downloads.close_all();
        save_monitor();
        log.info("shutting_down", {{"reason", reason}, {"clients", clients.size()}});
        wait_for_clients(Clock::now() + std::chrono::milliseconds(800));
    }

    // Lets the close handshakes finish, but never past `deadline`: exit within a second.
    void wait_for_clients(Clock::time_point deadline) {
        if (clients.empty() || Clock::now() >= deadline) {
            server.stop();
            return;
        }
        shutdown_timer.expires_after(std::chrono::milliseconds(10));
        shutdown_timer.async_wait(
            [this, deadline](const asio::error_code&) { wait_for_clients(deadline); });
    }
};

StreamServer::StreamServer(const StreamServerOptions& options, JsonLog& log, StatusSource status)
    : impl_(std::make_unique<Impl>(options, log, std::move(status))) {
    impl_->init();
}

StreamServer::~StreamServer() = default;

int StreamServer::port() const {
    return impl_->port;
}

void StreamServer::publish(std::shared_ptr<const StreamFrame> frame) {
    asio::post(impl_->io(), [this, frame = std::move(frame)] { impl_->deliver(frame); });
}

void StreamServer::finish() {
    asio::post(impl_->io(),
               [this] { impl_->shut_down(websocketpp::close::status::normal, "end of stream"); });
}

void StreamServer::stop() {
    asio::post(impl_->io(), [this] {
        impl_->shut_down(websocketpp::close::status::going_away, "server shutting down");
    });
}

void StreamServer::run() {
    impl_->log.info("listening", {{"host", impl_->options.host},
                                  {"port", impl_->port},
                                  {"url", "http://" + impl_->options.host + ":" +
                                              std::to_string(impl_->port) + "/"}});
    impl_->io().run();
}

}  // namespace ambient
