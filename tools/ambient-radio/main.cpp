// ambient-radio: the whole station, supervised: composes, renders and streams, restarts any
// stage that dies, and keeps every listener connected while it does.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "core/error.hpp"
#include "radio/supervisor.hpp"
#include "tool.hpp"

using namespace ambient;

namespace {
// $STATE_DIRECTORY (systemd's StateDirectory=), else $XDG_STATE_HOME/ambient, else
// ~/.local/state/ambient.
std::string default_state_dir() {
    if (const char* d = std::getenv("STATE_DIRECTORY"); d && *d) return d;
    if (const char* d = std::getenv("XDG_STATE_HOME"); d && *d) return std::string(d) + "/ambient";
    if (const char* h = std::getenv("HOME"); h && *h)
        return std::string(h) + "/.local/state/ambient";
    return "/var/lib/ambient";
}

// The stage programs are installed (or built) beside this one.
std::string own_folder() {
    std::error_code ec;
    auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? "." : exe.parent_path().string();
}
}  // namespace

int main(int argc, char** argv) {
    tool::App app{
        "Run the whole radio, supervised: ambient-chords --endless | ambient-melody | "
        "ambient-perc | ambient-render | ambient-stream, restarting any stage that "
        "dies while listeners stay connected. Flags it does not know go to "
        "ambient-chords (--key D --mode dorian --bpm 64 …).",
        "ambient-radio"};
    RadioOptions o;
    o.state_dir = default_state_dir();
    o.programs = own_folder();
    app.add_option("--host", o.host, "Address the page is served on")->capture_default_str();
    app.add_option("--port", o.port, "TCP port (0: any free port, kept across restarts)")
        ->check(CLI::Range(0, 65535))
        ->capture_default_str();
    app.add_option("--preset", o.preset, "The renderer's preset (ambient-render --list-presets)")
        ->capture_default_str();
    app.add_option("--model", o.model,
                   "The melody's model (ambient-melody --model): a file from ambient-learn, or "
                   "default; listeners can switch between it and the rules on the page");
    auto* journey = app.add_option("--journey", o.journey,
                                   "Journey the music follows: day, drift, sleep (ambient-chords "
                                   "--list-journeys), a JSON file, or none")
                        ->capture_default_str();
    app.add_option("--override", o.override_for,
                   "How long a listener's change on the page holds before the journey takes "
                   "over again (e.g. 15m, 1h)")
        ->capture_default_str();
    app.add_option("--history-days", o.history_days,
                   "How long the history of what played (STATE_DIR/history.db) is kept, days")
        ->check(CLI::Range(0.001, 3650.0))
        ->capture_default_str();
    app.add_option("--state-dir", o.state_dir,
                   "Folder for the control file, the history and the log")
        ->capture_default_str();
    app.add_option("--programs", o.programs, "Folder that holds the ambient-* programs")
        ->capture_default_str();
    app.add_option("--buffer-ms", o.buffer_ms, "The stream's buffer, ms")
        ->check(CLI::Range(100, 60000))
        ->capture_default_str();
    app.add_option("--backoff-initial", o.backoff.initial_s,
                   "Seconds to wait after a second failure in a row (then doubling)")
        ->check(CLI::Range(0.0, 3600.0))
        ->capture_default_str();
    app.add_option("--backoff-max", o.backoff.max_s, "Longest wait before a restart, seconds")
        ->check(CLI::Range(0.0, 3600.0))
        ->capture_default_str();
    app.add_option("--stable-after", o.backoff.stable_s,
                   "Seconds a stage must run for its next failure to restart it at once")
        ->check(CLI::Range(0.0, 86400.0))
        ->capture_default_str();
    app.add_option("--icecast", o.icecast,
                   "Also be a source for Icecast (ambient-stream --icecast; repeatable)");
    app.add_option("--log-level", o.log_level, "debug, info, warn or error")
        ->check(CLI::IsMember({"debug", "info", "warn", "error"}))
        ->capture_default_str();
    app.allow_extras();
    app.prefix_command(false);

    int status = 0;
    int code = tool::run(app, argc, argv, [&] {
        o.composer_flags = app.remaining();
        // Composer flags (--key D, --bpm 60) say where the music should stay: no journey
        // unless one is asked for as well.
        if (!o.composer_flags.empty() && journey->count() == 0) o.journey = "none";
        JsonLog log(*parse_log_level(o.log_level));
        std::error_code ec;
        std::filesystem::create_directories(o.state_dir, ec);
        if (ec)
            throw Error(ErrorKind::io, ec.message(), Place::of_setting("state-dir", o.state_dir));
        log.also_to_file(o.state_dir + "/radio.log", 10 * 1024 * 1024);
        status = run_radio(o, log, [](const std::string& url) {
            std::printf("%s\n", url.c_str());
            std::fflush(stdout);
        });
    });
    return code != 0 ? code : status;
}
