#include "core/replacing_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "core/error.hpp"
#include "core/io.hpp"

namespace ambient {

namespace {
std::string folder_of(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
}
std::string temp_name(const std::string& path) {
    const auto slash = path.rfind('/');
    const std::string folder = slash == std::string::npos ? "" : path.substr(0, slash + 1);
    const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    return folder + "." + name + ".part-" + std::to_string(::getpid());
}
}  // namespace

ReplacingFile::ReplacingFile(std::string path) : path_(std::move(path)) {
    fd_ = ::open(folder_of(path_).c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0644);
    if (fd_ >= 0) return;
    if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)
        throw Error(ErrorKind::io, std::string("cannot create: ") + std::strerror(errno), path_);
    // A file system without unnamed files: a hidden one beside it, removed unless committed.
    named_ = temp_name(path_);
    fd_ = ::open(named_.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0)
        throw Error(ErrorKind::io, std::string("cannot create: ") + std::strerror(errno), path_);
}

ReplacingFile::~ReplacingFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!named_.empty()) ::unlink(named_.c_str());
}

void ReplacingFile::commit() {
    auto fail = [&](int why) {
        throw Error(ErrorKind::io, std::string("cannot write: ") + std::strerror(why), path_);
    };
    if (fd_ < 0) fail(EBADF);
    if (::fsync(fd_) != 0) fail(errno);
    if (named_.empty()) {
        // Name the unnamed file beside the target, then put it in the target's place.
        named_ = temp_name(path_);
        ::unlink(named_.c_str());
        const std::string self = "/proc/self/fd/" + std::to_string(fd_);
        if (::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, named_.c_str(), AT_SYMLINK_FOLLOW) != 0) {
            const int why = errno;
            named_.clear();
            fail(why);
        }
    }
    if (::rename(named_.c_str(), path_.c_str()) != 0) fail(errno);
    named_.clear();
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) fail(errno);
}

void write_file_atomically(const std::string& path, const std::string& text) {
    ReplacingFile file(path);
    write_all(file.fd(), text, path);
    file.commit();
}

}  // namespace ambient
