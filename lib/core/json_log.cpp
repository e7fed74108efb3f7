#include "core/json_log.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "core/error.hpp"

#include <chrono>
#include <ctime>

namespace ambient {

namespace {
// Indexed by LogLevel.
constexpr std::array<const char*, 4> level_names = {"debug", "info", "warn", "error"};
const char* level_name(LogLevel level) {
    return level_names[static_cast<std::size_t>(level)];
}
}  // namespace

std::optional<LogLevel> parse_log_level(std::string_view name) {
    if (name == "warning") return LogLevel::warn;
    for (std::size_t i = 0; i < level_names.size(); ++i)
        if (name == level_names[i]) return static_cast<LogLevel>(i);
    return std::nullopt;
}

std::string utc_timestamp() {
    auto now = std::chrono::system_clock::now();
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
    std::time_t seconds = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char text[40];
    std::size_t n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm);
    std::snprintf(text + n, sizeof text - n, ".%03dZ", static_cast<int>(ms % 1000));
    return text;
}

JsonLog::~JsonLog() {
    if (file_fd_ >= 0) ::close(file_fd_);
}

void JsonLog::also_to_file(const std::string& path, std::size_t max_bytes) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) throw Error(ErrorKind::io, std::strerror(errno), path);
    struct stat st {};
    ::fstat(fd, &st);
    std::lock_guard lock(mutex_);
    if (file_fd_ >= 0) ::close(file_fd_);
    file_fd_ = fd;
    file_path_ = path;
    file_max_ = max_bytes;
    file_bytes_ = static_cast<std::size_t>(st.st_size);
}

void JsonLog::log(LogLevel level, std::string_view event, const Fields& fields) {
    if (!enabled(level)) return;
    Fields line = {{"time", utc_timestamp()}, {"level", level_name(level)}, {"event", event}};
    for (auto it = fields.begin(); it != fields.end(); ++it) line[it.key()] = it.value();
    write_line(line);
}

void JsonLog::write_line(const Fields& line) {
    write_text(line.dump(-1, ' ', false, Fields::error_handler_t::replace) + "\n");
}

namespace {
// A log that cannot be written must not stop the program: give up on the line.
void write_whole(int fd, const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
        ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n <= 0) return;
        done += static_cast<std::size_t>(n);
    }
}
}  // namespace

void JsonLog::write_text(const std::string& text) {
    std::lock_guard lock(mutex_);
    write_whole(fd_, text);
    if (file_fd_ < 0) return;
    if (file_bytes_ + text.size() > file_max_ && file_bytes_ > 0) {
        ::close(file_fd_);
        std::rename(file_path_.c_str(), (file_path_ + ".1").c_str());
        file_fd_ = ::open(file_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        file_bytes_ = 0;
        if (file_fd_ < 0) return;
    }
    write_whole(file_fd_, text);
    file_bytes_ += text.size();
}

}  // namespace ambient
