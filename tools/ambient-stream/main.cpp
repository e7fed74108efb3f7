// ambient-stream: raw PCM on stdin, live to many listeners in their browsers.
#include <unistd.h>

#include <cstdlib>

#include "stream/history_service.hpp"
#include "stream/stream_service.hpp"
#include "tool.hpp"

using namespace ambient;

int main(int argc, char** argv) {
    tool::App app{"Serve raw PCM from stdin live over WebSocket, with a web page that plays it.",
                  "ambient-stream"};
    StreamServiceOptions o;
    tool::PcmFlags pcm;
    pcm.add_to(app, "Sample rate, Hz (resampled to 48000)");
    std::string codec = "opus", log_level = "info";
    app.add_option("--buffer-ms", o.buffer_ms, "Ring buffer between stdin and the network, ms")
        ->check(CLI::Range(100, 60000))
        ->capture_default_str();
    app.add_option("--host", o.server.host, "Address to listen on")->capture_default_str();
    app.add_option("--port", o.server.port, "TCP port (0: any free port, logged)")
        ->check(CLI::Range(0, 65535))
        ->capture_default_str();
    app.add_option("--max-clients", o.server.max_clients, "Listeners at most; more get 503")
        ->check(CLI::Range(1, 100000))
        ->capture_default_str();
    app.add_option("--max-per-address", o.server.max_per_address,
                   "Listeners from one address at most; more get 429 (0: no cap; default: "
                   "none on loopback, else 64)")
        ->check(CLI::Range(0, 100000));
    int slow_ms = static_cast<int>(o.server.slow_client_timeout.count());
    app.add_option("--slow-listener-ms", slow_ms,
                   "A listener that has lost data for this long is closed, ms")
        ->check(CLI::Range(500, 600000))
        ->capture_default_str();
    app.add_option("--codec", codec, "Codec listeners get unless they ask (?codec=pcm)")
        ->check(CLI::IsMember({"opus", "pcm"}))
        ->capture_default_str();
    app.add_option("--bitrate", o.bitrate, "Opus bit rate, bit/s")
        ->check(CLI::Range(6000, 510000))
        ->capture_default_str();
    app.add_option("--mp3-bitrate", o.server.mp3_kbps, "MP3 bit rate of /stream.mp3, kbit/s")
        ->check(CLI::IsMember({32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320}))
        ->capture_default_str();
    app.add_option("--name", o.server.name, "The stream's name, for players (icy-name)")
        ->capture_default_str();
    app.add_option("--description", o.server.description,
                   "The stream's description, for players (icy-description)")
        ->capture_default_str();
    std::vector<std::string> icecast;
    app.add_option("--icecast", icecast,
                   "Be a source for Icecast: icecast://source:PASS@HOST:PORT/MOUNT (.opus, .ogg "
                   "or .mp3; repeatable; the password may come from AMBIENT_ICECAST_PASSWORD)");
    app.add_option("--web-root", o.server.web_root,
                   "Serve the page from this folder instead of the built-in one");
    app.add_option("--control-file", o.server.control_file,
                   "Write accepted POST /api/control values here (atomically)");
    app.add_option("--control-token", o.server.control_token,
                   "Token the control API needs when not on loopback")
        ->envname("AMBIENT_CONTROL_TOKEN");
    app.add_option("--meta", o.meta,
                   "File or FIFO of the renderer's --meta lines: /api/status and the page say "
                   "what is playing");
    app.add_option("--radio-fd", o.radio_fd,
                   "ambient-radio's socket: inputs come from it one after another and the "
                   "stream outlives each (stdin is then unused)")
        ->check(CLI::NonNegativeNumber);
    app.add_option("--monitor-file", o.server.monitor_file,
                   "Keep /monitor's hour of samples in this file across restarts");
    std::string history;
    int max_recordings = 2;
    app.add_option("--history", history,
                   "The renderer's history database: /api/history says what played and "
                   "/api/recording renders any stretch of it again");
    app.add_option("--max-recordings", max_recordings, "Recordings rendered at once; more get 429")
        ->check(CLI::Range(1, 64))
        ->capture_default_str();
    app.add_option("--log-level", log_level, "debug, info, warn or error")
        ->check(CLI::IsMember({"debug", "info", "warn", "error"}))
        ->capture_default_str();

    return tool::run(app, argc, argv, [&] {
        o.input = pcm.parsed();
        o.input_fd = STDIN_FILENO;
        o.server.opus = codec == "opus";
        o.server.slow_client_timeout = std::chrono::milliseconds(slow_ms);
        const char* password = std::getenv("AMBIENT_ICECAST_PASSWORD");
        for (const auto& url : icecast)
            o.server.icecast.push_back(IcecastTarget::parse(url, password ? password : ""));
        if (!history.empty()) o.server.history = history_routes(history, o.buffer_ms / 1000.0);
        o.server.history.max_recordings = max_recordings;
        JsonLog log(*parse_log_level(log_level));
        run_stream_service(o, log);
    });
}
