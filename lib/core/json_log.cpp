#include "core/json_log.hpp"

#include <unistd.h>

#include <chrono>
#include <ctime>

namespace ambient {

std::optional<LogLevel> parse_log_level(std::string_view name) {
    if (name == "debug") return LogLevel::debug;
    if (name == "info") return LogLevel::info;
    if (name == "warn" || name == "warning") return LogLevel::warn;
    if (name == "error") return LogLevel::error;
    return std::nullopt;
}

namespace {
const char* level_name(LogLevel level) {
    switch (level) {
        case LogLevel::debug:
            return "debug";
        case LogLevel::info:
            return "info";
        case LogLevel::warn:
            return "warn";
        case LogLevel::error:
            return "error";
    }
    return "info";
}

std::string utc_now() {
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
}  // namespace

void JsonLog::log(LogLevel level, std::string_view event, const Fields& fields) {
    if (!enabled(level)) return;
    Fields line = {{"time", utc_now()}, {"level", level_name(level)}, {"event", event}};
    for (auto it = fields.begin(); it != fields.end(); ++it) line[it.key()] = it.value();
    std::string text = line.dump(-1, ' ', false, Fields::error_handler_t::replace) + "\n";
    std::lock_guard lock(mutex_);
    std::size_t done = 0;
    while (done < text.size()) {
        ssize_t n = ::write(fd_, text.data() + done, text.size() - done);
        if (n <= 0) return;  // a log that cannot be written must not stop the stream
        done += static_cast<std::size_t>(n);
    }
}

}  // namespace ambient
