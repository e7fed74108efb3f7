// The control file (DESIGN.md, Control): one JSON object of control values with a rising
// version, replaced atomically. ambient-stream writes it when a change is accepted; every
// stage given --control follows it; all through this class, at one cadence.
//
// A missing, half-written or invalid file never stops the music: the last good values
// stay, and each distinct problem is told once.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "compose/control.hpp"
#include "core/watched_file.hpp"

namespace ambient {

class ControlFile {
  public:
    using Warn = std::function<void(const std::string& what, const std::string& where)>;

    // How often poll() looks at the file at most: well within a bar at any tempo, and
    // cheap for a renderer that asks every block at a thousand times real time.
    static constexpr std::chrono::milliseconds cadence{10};

    explicit ControlFile(std::string path, Warn warn = {});

    // Follows the file: true when new valid values were read. Looks at most once per
    // cadence; refresh() looks now.
    bool poll();
    bool refresh();
    const ControlValues& values() const noexcept { return values_; }
    const std::string& path() const noexcept { return watch_.path(); }

    // Writes `update`'s fields over the newest values, version + 1, atomically; returns
    // what was written. Throws Error(io) naming the file; the values then stay as they were.
    const ControlValues& write(const ControlValues& update);

  private:
    void tell(const std::string& problem);

    FileWatch watch_;
    Warn warn_;
    ControlValues values_;
    std::chrono::steady_clock::time_point next_look_{};
    std::string last_problem_;
};

}  // namespace ambient
