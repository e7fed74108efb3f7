// The control file: the values listeners steer while the music plays (DESIGN.md, Control).
//
// JSON such as {"version":3,"key":"D","mode":"dorian","bpm":72,"intensity":0.6}; any subset
// of the values; fields this version does not know are ignored so newer writers work.
// The writer replaces it atomically by rename, so a reader sees either version whole;
// still, a half-written or invalid file must never stop the music: the watcher keeps the
// last good values and warns once.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <ctime>
#include <functional>
#include <optional>
#include <string>

#include "compose/mode.hpp"
#include "phrase/phrase.hpp"

namespace ambient {

struct ControlValues {
    std::uint64_t version = 0;
    std::optional<std::string> key;  // as spelt, e.g. "Eb"
    std::optional<Mode> mode;
    std::optional<double> bpm;        // 40..160
    std::optional<double> intensity;  // 0..1
};

inline constexpr double min_bpm = 40.0;
inline constexpr double max_bpm = 160.0;

// Throws std::invalid_argument naming the field at fault.
ControlValues parse_control(const Json& j);

// What a stage after the chord composer can change in a phrase already composed: its
// tempo and intensity (a key or mode lives in the chords; the renderer transposes).
void apply_live_control(Phrase& p, const ControlValues& v);

class ControlWatcher {
  public:
    using Warn = std::function<void(const std::string& what, const std::string& where)>;

    ControlWatcher(std::string path, Warn warn);

    // Re-reads the file if it changed since the last look (a stat, cheap enough per phrase
    // or per block). True when new valid values were taken.
    bool poll();
    const ControlValues& values() const noexcept { return values_; }
    const std::string& path() const noexcept { return path_; }

  private:
    struct Stamp {
        ino_t inode = 0;
        timespec mtime{};
        off_t size = -1;
        bool operator==(const Stamp& o) const {
            return inode == o.inode && mtime.tv_sec == o.mtime.tv_sec &&
                   mtime.tv_nsec == o.mtime.tv_nsec && size == o.size;
        }
    };

    std::string path_;
    Warn warn_;
    ControlValues values_;
    std::optional<Stamp> seen_;
    bool warned_missing_ = false;
    std::string last_problem_;
};

}  // namespace ambient
