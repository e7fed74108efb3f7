#include "stream/meta_input.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "phrase/json_file.hpp"

namespace ambient {

void MetaInput::run(const std::string& path) {
    // Non-blocking open: a FIFO without its writer yet must not hold up the stream.
    int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        throw Error(ErrorKind::no_input, std::strerror(errno), Place::of_setting("meta", path));
    char buf[4096];
    bool seen_writer = false;
    while (!stop_.load(std::memory_order_relaxed)) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0) continue;
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        if (n <= 0) {
            if (seen_writer) break;  // the renderer is done
            ::usleep(50000);         // a FIFO whose writer has not come yet
            continue;
        }
        seen_writer = true;
        feed(std::string_view(buf, static_cast<std::size_t>(n)), 0);
    }
    ::close(fd);
}

void MetaInput::feed(std::string_view bytes, std::uint64_t offset) {
    pending_.append(bytes);
    std::size_t end;
    while ((end = pending_.find('\n')) != std::string::npos) {
        std::string line = pending_.substr(0, end);
        pending_.erase(0, end + 1);
        if (overlong_) {  // the end of a line too long to be ours
            overlong_ = false;
            continue;
        }
        if (json_too_deep(line)) continue;
        auto j = nlohmann::json::parse(line, nullptr, false);
        if (!j.is_object() || !j.contains("sample") || !j["sample"].is_number_unsigned())
            continue;  // not ours: skip rather than stop the stream
        auto at =
            offset + static_cast<std::uint64_t>(std::llround(j["sample"].get<double>() * scale_));
        std::lock_guard lock(mutex_);
        lines_.emplace_back(at, std::move(line));
    }
    if (pending_.size() > max_line) {  // a writer that never ends its line: not ours
        pending_.clear();
        overlong_ = true;
    }
}

void MetaInput::clear() {
    pending_.clear();
    overlong_ = false;
    std::lock_guard lock(mutex_);
    lines_.clear();
}

std::string MetaInput::take_up_to(std::uint64_t position) {
    std::lock_guard lock(mutex_);
    std::string newest;
    while (!lines_.empty() && lines_.front().first <= position) {
        newest = std::move(lines_.front().second);
        lines_.pop_front();
    }
    return newest;
}

}  // namespace ambient
