#include "audio/meta_output.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/error.hpp"

namespace ambient {

MetaOutput::MetaOutput(const std::string& path, Warn warn) : path_(path), warn_(std::move(warn)) {
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0)
        throw Error(ErrorKind::io, std::string("cannot open: ") + std::strerror(errno), path);
}

MetaOutput::~MetaOutput() {
    if (fd_ >= 0) ::close(fd_);
}

void MetaOutput::write_line(const std::string& line) {
    if (fd_ < 0) return;
    std::string text = line + "\n";
    std::size_t done = 0;
    while (done < text.size()) {
        ssize_t n = ::write(fd_, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            if (warn_) warn_(std::string("meta output stopped: ") + std::strerror(errno), path_);
            ::close(fd_);
            fd_ = -1;
            return;
        }
        done += static_cast<std::size_t>(n);
    }
}

}  // namespace ambient
