// One JSON object per line on stderr, for a server that runs unattended: easy to grep,
// to feed to jq, or to ship to a log collector.
#pragma once

#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace ambient {

enum class LogLevel { debug = 0, info = 1, warn = 2, error = 3 };

std::optional<LogLevel> parse_log_level(std::string_view name);

class JsonLog {
  public:
    using Fields = nlohmann::ordered_json;

    explicit JsonLog(LogLevel threshold = LogLevel::info, int fd = 2)
        : threshold_(threshold), fd_(fd) {}

    bool enabled(LogLevel level) const { return level >= threshold_; }
    // {"time":"2026-11-24T08:00:00.123Z","level":"info","event":EVENT, …fields}
    void log(LogLevel level, std::string_view event, const Fields& fields = Fields::object());

    void debug(std::string_view e, const Fields& f = Fields::object()) {
        log(LogLevel::debug, e, f);
    }
    void info(std::string_view e, const Fields& f = Fields::object()) { log(LogLevel::info, e, f); }
    void warn(std::string_view e, const Fields& f = Fields::object()) { log(LogLevel::warn, e, f); }
    void error(std::string_view e, const Fields& f = Fields::object()) {
        log(LogLevel::error, e, f);
    }

  private:
    LogLevel threshold_;
    int fd_;
    std::mutex mutex_;  // lines from several threads never interleave
};

}  // namespace ambient
