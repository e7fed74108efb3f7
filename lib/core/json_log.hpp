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

// Now, as the log writes it: "2026-11-24T08:00:00.123Z".
std::string utc_timestamp();

class JsonLog {
  public:
    using Fields = nlohmann::ordered_json;

    explicit JsonLog(LogLevel threshold = LogLevel::info, int fd = 2)
        : threshold_(threshold), fd_(fd) {}

    ~JsonLog();
    JsonLog(const JsonLog&) = delete;
    JsonLog& operator=(const JsonLog&) = delete;

    bool enabled(LogLevel level) const { return level >= threshold_; }
    // {"time":"2026-11-24T08:00:00.123Z","level":"info","event":EVENT, …fields}
    void log(LogLevel level, std::string_view event, const Fields& fields = Fields::object());
    // A line already made (another program's JSON log, given its fields): written as is.
    void write_line(const Fields& line);

    // Every line also goes to the file at `path` (appended); past `max_bytes` it is moved to
    // PATH.1 (the one before is replaced) and a new file begun. Error(io) if it cannot open.
    void also_to_file(const std::string& path, std::size_t max_bytes);

    void debug(std::string_view e, const Fields& f = Fields::object()) {
        log(LogLevel::debug, e, f);
    }
    void info(std::string_view e, const Fields& f = Fields::object()) { log(LogLevel::info, e, f); }
    void warn(std::string_view e, const Fields& f = Fields::object()) { log(LogLevel::warn, e, f); }
    void error(std::string_view e, const Fields& f = Fields::object()) {
        log(LogLevel::error, e, f);
    }

  private:
    void write_text(const std::string& text);

    LogLevel threshold_;
    int fd_;
    int file_fd_ = -1;
    std::string file_path_;
    std::size_t file_max_ = 0, file_bytes_ = 0;
    std::mutex mutex_;  // lines from several threads never interleave
};

}  // namespace ambient
