#include "core/watched_file.hpp"

#include <fcntl.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/error.hpp"

namespace ambient {

bool FileWatch::Stamp::operator==(const Stamp& o) const {
    return inode == o.inode && mtime.tv_sec == o.mtime.tv_sec && mtime.tv_nsec == o.mtime.tv_nsec &&
           size == o.size;
}

FileWatch::FileWatch(std::string path) : path_(std::move(path)) {
    const auto slash = path_.rfind('/');
    const std::string folder = slash == std::string::npos ? "." : path_.substr(0, slash + 1);
    name_ = slash == std::string::npos ? path_ : path_.substr(slash + 1);
    inotify_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (inotify_ >= 0 &&
        ::inotify_add_watch(inotify_, folder.c_str(),
                            IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_MODIFY) < 0) {
        ::close(inotify_);  // no folder yet: stat until there is one
        inotify_ = -1;
    }
}

FileWatch::~FileWatch() {
    if (inotify_ >= 0) ::close(inotify_);
}

bool FileWatch::stat_changed() {
    struct stat st {};
    std::optional<Stamp> now;
    if (::stat(path_.c_str(), &st) == 0) now = Stamp{st.st_ino, st.st_mtim, st.st_size};
    if (now == seen_) return false;
    seen_ = now;
    return true;
}

bool FileWatch::changed() {
    if (first_) {
        first_ = false;
        stat_changed();
        return true;
    }
    if (inotify_ < 0) return stat_changed();
    bool ours = false, watch_gone = false;
    alignas(inotify_event) char buf[4096];
    for (;;) {
        ssize_t n = ::read(inotify_, buf, sizeof buf);
        if (n <= 0) break;  // EAGAIN: nothing more queued
        for (ssize_t at = 0; at < n;) {
            const auto* e = reinterpret_cast<const inotify_event*>(buf + at);
            if (e->len > 0 && name_ == e->name) ours = true;
            if (e->mask & IN_Q_OVERFLOW) ours = true;     // events lost: look anyway
            if (e->mask & IN_IGNORED) watch_gone = true;  // the folder went away
            at += static_cast<ssize_t>(sizeof(inotify_event) + e->len);
        }
    }
    if (watch_gone) {
        // A folder made again under the same name is not watched: stat from now on.
        ::close(inotify_);
        inotify_ = -1;
        return stat_changed() || ours;
    }
    if (ours) stat_changed();  // keep the stamp current for a later fallback
    return ours;
}

std::optional<std::string> read_whole_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) return std::nullopt;
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace ambient
