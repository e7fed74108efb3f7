#include "radio/child_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/error.hpp"
#include "core/passed_fds.hpp"

namespace ambient {

namespace {
// In the child, between fork and exec: only async-signal-safe calls.
[[noreturn]] void become(const ChildSpec& spec, char* const* argv, int report_fd, pid_t parent) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);  // the supervisor died before we got here
    ::setpgid(0, 0);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    for (int s : {SIGPIPE, SIGINT, SIGTERM, SIGHUP}) ::signal(s, SIG_DFL);
    // Move every source out of the way of the targets first, then into place.
    int moved[16];
    std::size_t n = spec.fds.size() < 16 ? spec.fds.size() : 16;
    for (std::size_t i = 0; i < n; ++i) moved[i] = ::fcntl(spec.fds[i].second, F_DUPFD_CLOEXEC, 64);
    for (std::size_t i = 0; i < n; ++i) ::dup2(moved[i], spec.fds[i].first);  // clears CLOEXEC
    ::execv(argv[0], argv);
    int e = errno;
    [[maybe_unused]] auto w = ::write(report_fd, &e, sizeof e);
    ::_exit(127);
}
}  // namespace

pid_t start_child(const ChildSpec& spec) {
    std::vector<char*> argv;
    for (const auto& a : spec.argv) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    auto [report_read, report_write] = make_pipe();  // close-on-exec: closes on a good exec
    const pid_t parent = ::getpid();
    pid_t pid = ::fork();
    if (pid < 0) throw Error(ErrorKind::unavailable, std::strerror(errno), spec.argv[0]);
    if (pid == 0) become(spec, argv.data(), report_write.get(), parent);
    report_write.reset();
    int e = 0;
    ssize_t n;
    do n = ::read(report_read.get(), &e, sizeof e);
    while (n < 0 && errno == EINTR);
    if (n == static_cast<ssize_t>(sizeof e)) {
        ::waitpid(pid, nullptr, 0);
        throw Error(ErrorKind::unavailable, std::string("cannot run: ") + std::strerror(e),
                    spec.argv[0]);
    }
    return pid;
}

std::string describe_exit(int status) {
    if (WIFEXITED(status)) return "exit " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status)) {
        const char* name = sigabbrev_np(WTERMSIG(status));
        return "signal " + std::to_string(WTERMSIG(status)) + " (" + (name ? name : "?") + ")";
    }
    return "status " + std::to_string(status);
}

bool exit_failed(int status) {
    return !WIFEXITED(status) || WEXITSTATUS(status) != 0;
}

}  // namespace ambient
