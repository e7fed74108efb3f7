#include "radio/supervisor.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <optional>

#include "control/control_file.hpp"
#include "core/error.hpp"
#include "core/passed_fds.hpp"
#include "core/radio_link.hpp"
#include "core/replacing_file.hpp"
#include "core/watched_file.hpp"
#include "radio/child_process.hpp"
#include "radio/proc_stats.hpp"

namespace ambient {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_between(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double>(b - a).count();
}

Clock::duration to_duration(double seconds) {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
}

enum class State { stopped, running, restarting };

const char* state_name(State s) {
    constexpr const char* names[] = {"stopped", "running", "restarting"};  // indexed by State
    return names[static_cast<int>(s)];
}

struct Stage {
    std::string name, program;
    bool in_chain = true;
    pid_t pid = -1;
    bool killed_by_us = false;  // for a restart of the chain: not its own failure
    State state = State::stopped;
    int starts = 0, failures = 0;
    std::optional<int> last_status;
    std::string last_exit_at;
    Clock::time_point started;
    UniqueFd err;  // its stderr, read here line by line into the log
    std::string err_pending;
    double cpu = 0, cpu_seconds = 0;
    std::uint64_t memory = 0;
    Backoff backoff;  // its own: a stage that keeps dying waits, the others do not
};

// Exit statuses that say the stage cannot work as configured: restarting will not help.
bool hopeless(int status) {
    if (!WIFEXITED(status)) return false;
    int code = WEXITSTATUS(status);
    return code == 64 || code == 65 || code == 66 || code == 69 || code == 74;
}

class Supervisor {
  public:
    Supervisor(const RadioOptions& o, JsonLog& log,
               const std::function<void(const std::string&)>& on_listening)
        : o_(o), log_(log), on_listening_(on_listening), port_(o.port) {
        for (const char* name : {"chords", "melody", "perc", "render", "stream"}) {
            Stage s;
            s.name = name;
            s.program = o.programs + "/ambient-" + name;
            s.in_chain = s.name != "stream";
            s.backoff = Backoff(o.backoff);
            stages_.push_back(std::move(s));
        }
        control_ = o.state_dir + "/control.json";
    }

    int run();

  private:
    Stage& stream() { return stages_[4]; }
    bool chain_down() const {
        for (int i = 0; i < 4; ++i)
            if (stages_[i].pid > 0) return false;
        return true;
    }
    bool all_down() const {
        for (const auto& s : stages_)
            if (s.pid > 0) return false;
        return true;
    }

    void start_stream();
    void start_chain();
    pid_t start(Stage& s, std::vector<std::string> args, std::vector<std::pair<int, int>> fds);
    void reap();
    void on_exit(Stage& s, int status);
    void schedule_chain();
    void begin_stop(const char* why);
    void read_stderr(Stage& s);
    void stage_line(Stage& s, const std::string& line);
    void sample_usage(Clock::time_point now);
    void publish();
    void take_stream_message();
    nlohmann::ordered_json stages_json() const;

    const RadioOptions& o_;
    JsonLog& log_;
    const std::function<void(const std::string&)>& on_listening_;
    std::vector<Stage> stages_;
    std::string control_;
    int port_;
    bool announced_ = false;
    UniqueFd radio_socket_;  // our end of the stream's --radio-fd
    UniqueFd devnull_;
    std::optional<Clock::time_point> stream_due_, chain_due_;
    double chain_delay_s_ = 0;  // the wait the stage that ended the chain has earned
    int hangs_ = 0;             // chains made again because the stream heard nothing
    Backoff hang_backoff_;
    Clock::time_point started_ = Clock::now();
    Clock::time_point last_sample_ = Clock::now();
    bool stopping_ = false;
    Clock::time_point kill_at_;
    int exit_status_ = 0;
};

pid_t Supervisor::start(Stage& s, std::vector<std::string> args,
                        std::vector<std::pair<int, int>> fds) {
    auto [err_read, err_write] = make_pipe();
    ::fcntl(err_read.get(), F_SETFL, O_NONBLOCK);
    args.insert(args.begin(), s.program);
    fds.emplace_back(2, err_write.get());
    if (s.err) read_stderr(s);  // what the last one said before it went
    s.err = std::move(err_read);
    s.err_pending.clear();
    s.pid = start_child({args, fds});
    s.state = State::running;
    s.started = Clock::now();
    s.cpu_seconds = 0;
    s.cpu = 0;
    if (++s.starts > 1)
        log_.info("stage_restarted",
                  {{"stage", s.name}, {"pid", s.pid}, {"restarts", s.starts - 1}});
    else
        log_.info("stage_started", {{"stage", s.name}, {"pid", s.pid}});
    return s.pid;
}

void Supervisor::start_stream() {
    auto [mine, theirs] = make_message_socket_pair();
    radio_socket_ = std::move(mine);
    ::fcntl(radio_socket_.get(), F_SETFL, O_NONBLOCK);  // a hung stream never hangs the radio
    std::vector<std::string> args = {"--host",         o_.host,
                                     "--port",         std::to_string(port_),
                                     "--buffer-ms",    std::to_string(o_.buffer_ms),
                                     "--control-file", control_,
                                     "--radio-fd",     "3",
                                     "--log-level",    o_.log_level,
                                     "--monitor-file", o_.state_dir + "/monitor.json",
                                     "--history",      o_.state_dir + "/history.db"};
    for (const auto& url : o_.icecast) args.insert(args.end(), {"--icecast", url});
    start(stream(), args, {{0, devnull_.get()}, {1, devnull_.get()}, {3, theirs.get()}});
    publish();
}

void Supervisor::start_chain() {
    auto [melody_in, chords_out] = make_pipe();
    auto [perc_in, melody_out] = make_pipe();
    auto [render_in, perc_out] = make_pipe();
    auto [pcm_read, pcm_write] = make_pipe();
    auto [meta_read, meta_write] = make_pipe();
    if (!send_message(radio_socket_.get(), radio_link::input, {pcm_read.get(), meta_read.get()})) {
        // The stream is not taking input (going, or hung): try again soon; if it is going,
        // its exit brings a new stream first.
        log_.warn("stream_not_taking_input", {{"retry_s", 0.5}});
        chain_due_ = Clock::now() + to_duration(0.5);
        return;
    }
    const std::vector<std::string> control = {"--control", control_};
    std::vector<std::string> chords = {"--endless"};
    chords.insert(chords.end(), control.begin(), control.end());
    if (o_.journey != "none")
        chords.insert(chords.end(), {"--journey", o_.journey, "--override", o_.override_for});
    chords.insert(chords.end(), o_.composer_flags.begin(), o_.composer_flags.end());
    start(stages_[0], chords, {{0, devnull_.get()}, {1, chords_out.get()}});
    std::vector<std::string> melody = control;
    if (!o_.model.empty()) melody.insert(melody.end(), {"--model", o_.model});
    start(stages_[1], melody, {{0, melody_in.get()}, {1, melody_out.get()}});
    start(stages_[2], control, {{0, perc_in.get()}, {1, perc_out.get()}});
    start(stages_[3],
          {"--preset", o_.preset, "--control", control_, "--meta", "/dev/fd/3", "--history",
           o_.state_dir + "/history.db", "--history-days", std::to_string(o_.history_days)},
          {{0, render_in.get()}, {1, pcm_write.get()}, {3, meta_write.get()}});
    publish();
}

// The stream says its input hangs (a stage is alive but gives nothing): make the chain again.
void Supervisor::take_stream_message() {
    auto message = receive_message(radio_socket_.get(), 0);
    if (!message || message->text != radio_link::stalled || stopping_ || chain_down()) return;
    ++hangs_;
    double ran = seconds_between(stages_[3].started, Clock::now());
    log_.warn("chain_hung", {{"hangs", hangs_}, {"ran_s", ran}});
    chain_delay_s_ = std::max(chain_delay_s_, hang_backoff_.after_run(ran));
    for (int i = 0; i < 4; ++i)
        if (stages_[i].pid > 0) {
            stages_[i].state = State::restarting;
            stages_[i].killed_by_us = true;
            ::kill(stages_[i].pid, SIGKILL);
        }
}

void Supervisor::reap() {
    int status;
    pid_t pid;
    while ((pid = ::waitpid(-1, &status, WNOHANG)) > 0)
        for (auto& s : stages_)
            if (s.pid == pid) on_exit(s, status);
}

void Supervisor::on_exit(Stage& s, int status) {
    const double ran = seconds_between(s.started, Clock::now());
    s.pid = -1;
    s.last_status = status;
    s.last_exit_at = utc_timestamp();
    read_stderr(s);
    if (stopping_) {
        s.state = State::stopped;
        log_.info("stage_stopped", {{"stage", s.name}, {"exit", describe_exit(status)}});
        publish();
        return;
    }
    const bool ours = s.killed_by_us && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
    s.killed_by_us = false;
    const bool failed = !ours && exit_failed(status);
    if (failed) ++s.failures;
    s.state = State::restarting;
    log_.log(failed ? LogLevel::warn : LogLevel::info, failed ? "stage_failed" : "stage_ended",
             {{"stage", s.name},
              {"exit", describe_exit(status)},
              {"ran_s", ran},
              {"reason", ours     ? "the chain restarts"
                         : failed ? "died"
                                  : "its input or output ended"}});
    if (failed && s.starts == 1 && ran < 5 && hopeless(status)) {
        exit_status_ = WEXITSTATUS(status);
        log_.error("giving_up", {{"stage", s.name},
                                 {"exit", describe_exit(status)},
                                 {"reason", "it failed at its first start: see its message"}});
        begin_stop("a stage cannot start");
        return;
    }
    // A stage waits for its own failures; one that ended because its input or output did
    // is not at fault (but the head of the chain ending is its own doing).
    const bool own_doing = failed || (!ours && &s == &stages_[0]);
    const double delay = own_doing ? s.backoff.after_run(ran) : 0;
    if (delay > 0) log_.info("stage_backoff", {{"stage", s.name}, {"seconds", delay}});
    if (!s.in_chain) {
        // The chain's output went with the stream: a new stream, then a new chain.
        radio_socket_.reset();
        stream_due_ = Clock::now() + to_duration(delay);
    } else {
        chain_delay_s_ = std::max(chain_delay_s_, delay);
    }
    if (!failed && !ours && s.in_chain) {
        // The music ended (a journey such as sleep, or --duration) or its input did: the
        // stages after it play out what they hold, tails included, and end in turn; the
        // chain starts again once all are gone.
        schedule_chain();
        publish();
        return;
    }
    // One stage of the chain gone leaves the others nothing to do: end them now, start
    // the chain again once all are gone.
    for (int i = 0; i < 4; ++i)
        if (stages_[i].pid > 0) {
            stages_[i].state = State::restarting;
            stages_[i].killed_by_us = true;
            ::kill(stages_[i].pid, SIGKILL);
        }
    schedule_chain();
    publish();
}

void Supervisor::schedule_chain() {
    if (!chain_down() || chain_due_ || stopping_) return;
    chain_due_ = Clock::now() + to_duration(chain_delay_s_);
    chain_delay_s_ = 0;
}

void Supervisor::begin_stop(const char* why) {
    if (stopping_) return;
    stopping_ = true;
    stream_due_.reset();
    chain_due_.reset();
    log_.info("stopping", {{"reason", why}});
    for (auto& s : stages_)
        if (s.pid > 0) ::kill(s.pid, SIGTERM);
    kill_at_ = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                  std::chrono::duration<double>(o_.stop_grace_s));
}

void Supervisor::read_stderr(Stage& s) {
    char buf[4096];
    for (;;) {
        ssize_t n = ::read(s.err.get(), buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            if (n == 0 || errno != EAGAIN) {
                if (!s.err_pending.empty()) stage_line(s, s.err_pending);
                s.err_pending.clear();
                s.err.reset();
            }
            return;
        }
        s.err_pending.append(buf, static_cast<std::size_t>(n));
        std::size_t end;
        while ((end = s.err_pending.find('\n')) != std::string::npos) {
            stage_line(s, s.err_pending.substr(0, end));
            s.err_pending.erase(0, end + 1);
        }
    }
}

// A stage's line on stderr into the radio's log: the stream's JSON lines as they are with
// the stage named, anything else (the other stages' "PROGRAM: error: …") as a field.
void Supervisor::stage_line(Stage& s, const std::string& line) {
    if (line.empty()) return;
    auto j = nlohmann::ordered_json::parse(line, nullptr, false);
    if (j.is_object() && j.contains("event")) {
        nlohmann::ordered_json out = {{"time", j.value("time", "")},
                                      {"level", j.value("level", "info")},
                                      {"event", j["event"]},
                                      {"stage", s.name}};
        for (auto it = j.begin(); it != j.end(); ++it)
            if (!out.contains(it.key())) out[it.key()] = it.value();
        auto level = parse_log_level(out.value("level", "info"));
        if (level && log_.enabled(*level)) log_.write_line(out);
        if (j["event"] == "listening" && j.contains("port") && j["port"].is_number_integer()) {
            port_ = j["port"].get<int>();  // the same port when it restarts: pages reconnect
            if (!announced_) {
                announced_ = true;
                on_listening_("http://" + o_.host + ":" + std::to_string(port_) + "/");
            }
        }
        return;
    }
    LogLevel level = line.find(": error:") != std::string::npos     ? LogLevel::error
                     : line.find(": warning:") != std::string::npos ? LogLevel::warn
                                                                    : LogLevel::info;
    log_.log(level, "stage_said", {{"stage", s.name}, {"line", line}});
}

void Supervisor::sample_usage(Clock::time_point now) {
    double dt = seconds_between(last_sample_, now);
    last_sample_ = now;
    for (auto& s : stages_) {
        if (s.pid <= 0) {
            s.cpu = 0;
            s.memory = 0;
            continue;
        }
        auto usage = read_proc_usage(s.pid);
        if (!usage) continue;
        s.cpu = dt > 0 && s.cpu_seconds > 0 ? (usage->cpu_seconds - s.cpu_seconds) / dt : 0;
        s.cpu_seconds = usage->cpu_seconds;
        s.memory = usage->memory_bytes;
    }
}

nlohmann::ordered_json Supervisor::stages_json() const {
    auto list = nlohmann::ordered_json::array();
    const auto now = Clock::now();
    for (const auto& s : stages_) {
        nlohmann::ordered_json j = {{"name", s.name},
                                    {"program", "ambient-" + s.name},
                                    {"state", state_name(s.state)},
                                    {"pid", s.pid > 0 ? nlohmann::ordered_json(s.pid) : nullptr},
                                    {"restarts", s.starts > 0 ? s.starts - 1 : 0},
                                    {"failures", s.failures},
                                    {"up_s", s.pid > 0 ? seconds_between(s.started, now) : 0.0},
                                    {"cpu", s.cpu},
                                    {"memory_bytes", s.memory}};
        j["last_exit"] = s.last_status ? nlohmann::ordered_json(describe_exit(*s.last_status))
                                       : nlohmann::ordered_json(nullptr);
        j["last_exit_at"] = s.last_status ? nlohmann::ordered_json(s.last_exit_at)
                                          : nlohmann::ordered_json(nullptr);
        list.push_back(std::move(j));
    }
    return {{"pid", ::getpid()},
            {"uptime_s", seconds_between(started_, now)},
            {"state_dir", o_.state_dir},
            {"hangs", hangs_},
            {"stages", list}};
}

// The stream shows the stages in /api/status, /metrics and /monitor.
void Supervisor::publish() {
    if (!radio_socket_ || stream().pid <= 0) return;
    std::string text(radio_link::stages);
    text += stages_json().dump();
    send_message(radio_socket_.get(), text);
}

int Supervisor::run() {
    UniqueFd lock(
        ::open((o_.state_dir + "/radio.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
    if (!lock) throw Error(ErrorKind::io, std::strerror(errno), o_.state_dir + "/radio.lock");
    if (::flock(lock.get(), LOCK_EX | LOCK_NB) != 0)
        throw Error(ErrorKind::unavailable, "another ambient-radio uses this state folder",
                    Place::of_setting("state-dir", o_.state_dir));
    if (!std::filesystem::exists(control_)) write_file_atomically(control_, "{\"version\":0}\n");
    if (!o_.model.empty()) {
        // The page shows the model chosen, unless a listener has chosen since.
        ControlFile file(control_);
        file.refresh();
        if (!file.values().model) {
            ControlValues learned;
            learned.model = "learned";
            file.write(learned);
        }
    }
    for (const auto& s : stages_)
        if (::access(s.program.c_str(), X_OK) != 0)
            throw Error(ErrorKind::unavailable, "no such program", s.program);
    devnull_.reset(::open("/dev/null", O_RDWR | O_CLOEXEC));

    sigset_t mask;
    sigemptyset(&mask);
    for (int sig : {SIGCHLD, SIGINT, SIGTERM, SIGHUP}) sigaddset(&mask, sig);
    ::sigprocmask(SIG_BLOCK, &mask, nullptr);
    ::signal(SIGPIPE, SIG_IGN);
    UniqueFd signals(::signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK));

    log_.info("radio_starting", {{"state_dir", o_.state_dir},
                                 {"programs", o_.programs},
                                 {"host", o_.host},
                                 {"port", o_.port}});
    stream_due_ = Clock::now();
    chain_due_ = Clock::now();
    Clock::time_point next_tick = Clock::now() + std::chrono::seconds(1);
    for (;;) {
        auto now = Clock::now();
        if (!stopping_) {
            if (stream_due_ && now >= *stream_due_) {
                stream_due_.reset();
                start_stream();
            }
            if (chain_due_ && now >= *chain_due_ && stream().pid > 0 && chain_down()) {
                chain_due_.reset();
                start_chain();
            }
        } else {
            if (all_down()) break;
            if (now >= kill_at_) {
                for (auto& s : stages_)
                    if (s.pid > 0) ::kill(s.pid, SIGKILL);
                kill_at_ = now + std::chrono::hours(1);
            }
        }
        if (now >= next_tick) {
            sample_usage(now);
            publish();
            next_tick = now + std::chrono::seconds(1);
        }

        Clock::time_point wake = next_tick;
        for (const auto& due : {stream_due_, chain_due_})
            if (due) wake = std::min(wake, *due);
        if (stopping_) wake = std::min(wake, kill_at_);
        int timeout = static_cast<int>(std::max<std::int64_t>(
            0, std::chrono::duration_cast<std::chrono::milliseconds>(wake - now).count() + 1));
        std::vector<pollfd> fds{{signals.get(), POLLIN, 0}};
        std::vector<Stage*> readers;
        for (auto& s : stages_)
            if (s.err) {
                fds.push_back({s.err.get(), POLLIN, 0});
                readers.push_back(&s);
            }
        const std::size_t stream_at = fds.size();
        if (radio_socket_) fds.push_back({radio_socket_.get(), POLLIN, 0});
        if (::poll(fds.data(), fds.size(), timeout) < 0 && errno != EINTR)
            throw Error(ErrorKind::io, std::strerror(errno), "poll");
        for (std::size_t i = 1; i < stream_at; ++i)
            if (fds[i].revents) read_stderr(*readers[i - 1]);
        if (stream_at < fds.size() && fds[stream_at].revents) {
            if (fds[stream_at].revents & POLLIN) take_stream_message();
            if (fds[stream_at].revents & (POLLHUP | POLLERR)) radio_socket_.reset();  // it died
        }
        if (fds[0].revents) {
            signalfd_siginfo info;
            while (::read(signals.get(), &info, sizeof info) == sizeof info) {
                if (info.ssi_signo == SIGCHLD) continue;  // reaped below, every pass
                begin_stop(sigabbrev_np(static_cast<int>(info.ssi_signo)));
            }
        }
        reap();
    }
    log_.info("radio_stopped", {{"exit", exit_status_}});
    return exit_status_;
}

}  // namespace

int run_radio(const RadioOptions& options, JsonLog& log,
              const std::function<void(const std::string& url)>& on_listening) {
    Supervisor supervisor(options, log, on_listening);
    return supervisor.run();
}

}  // namespace ambient
