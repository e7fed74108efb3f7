// A file that another process replaces while we run: told when it may have changed, and
// written so that a reader sees the old text or the new, never half of one.
#pragma once

#include <sys/types.h>

#include <ctime>
#include <optional>
#include <string>

namespace ambient {

// Watches one path. inotify on its folder tells of a rename over it or a write to it, at
// the cost of one non-blocking read per look; where inotify is not to be had (no folder
// yet, no instances left) a stat per look does. Not copyable: it owns a descriptor.
class FileWatch {
  public:
    explicit FileWatch(std::string path);
    ~FileWatch();
    FileWatch(const FileWatch&) = delete;
    FileWatch& operator=(const FileWatch&) = delete;

    // True the first time, and then whenever the file may have changed since the last call.
    bool changed();
    const std::string& path() const noexcept { return path_; }

  private:
    struct Stamp {
        ino_t inode = 0;
        timespec mtime{};
        off_t size = -1;
        bool operator==(const Stamp& o) const;
    };
    bool stat_changed();

    std::string path_;
    std::string name_;  // the last part of the path, as inotify names it
    int inotify_ = -1;
    bool first_ = true;
    std::optional<Stamp> seen_;
};

// The whole file, or nullopt when it cannot be opened.
std::optional<std::string> read_whole_file(const std::string& path);

}  // namespace ambient
