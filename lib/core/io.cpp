#include "core/io.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <iostream>

#include "core/error.hpp"

namespace ambient {

void write_all(int fd, std::string_view data, const std::string& where) {
    while (!data.empty()) {
        ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EPIPE) throw OutputClosed{};
            throw Error(ErrorKind::io, std::string("write failed: ") + std::strerror(errno),
                        !where.empty()        ? where
                        : fd == STDOUT_FILENO ? "stdout"
                                              : "fd " + std::to_string(fd));
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
}

void ignore_sigpipe() {
    std::signal(SIGPIPE, SIG_IGN);
}

OutputPacer::OutputPacer(int fd) : fd_(fd) {
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISFIFO(st.st_mode)) return;
    // One page: the smallest pipe Linux allows, and the size at which "writable" means "empty".
    long page = ::sysconf(_SC_PAGESIZE);
    active_ = ::fcntl(fd, F_SETPIPE_SZ, static_cast<int>(page > 0 ? page : 4096)) > 0;
}

void OutputPacer::wait_until_taken() const {
    if (!active_) return;
    pollfd p{fd_, POLLOUT, 0};
    while (::poll(&p, 1, -1) < 0 && errno == EINTR) {
    }
    // POLLERR/POLLHUP (reader gone) fall through: the next write reports EPIPE.
}

NamedInput open_input(const std::string& path) {
    NamedInput in;
    if (path.empty() || path == "-") {
        in.name = "stdin";
        in.stream = &std::cin;
        return in;
    }
    in.name = path;
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
        throw Error(ErrorKind::no_input, "cannot read input: it is a directory", path);
    auto file = std::make_unique<std::ifstream>(path);
    if (!*file)
        throw Error(ErrorKind::no_input, "cannot open input: " + std::string(std::strerror(errno)),
                    path);
    in.stream = file.get();
    in.owned = std::move(file);
    return in;
}

}  // namespace ambient
