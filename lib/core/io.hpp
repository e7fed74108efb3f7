// Plain file-descriptor I/O for programs in a pipeline: whole writes, EPIPE as a
// quiet end, and pacing that keeps look-ahead in a pipe to what the reader has taken.
#pragma once

#include <istream>
#include <memory>
#include <string>
#include <string_view>

namespace ambient {

// Writes all of `data` to `fd`, retrying on EINTR and short writes.
// Throws OutputClosed on EPIPE and Error(io) on any other failure, naming `where` (by
// default stdout, or the descriptor).
void write_all(int fd, std::string_view data, const std::string& where = {});

// Makes a write to a closed pipe fail with EPIPE instead of killing the process.
void ignore_sigpipe();

// Keeps at most one unit of output waiting in a pipe.
//
// When `fd` is a pipe, its capacity is shrunk to one page. Linux then reports the
// pipe writable only once the reader has drained it, so wait_until_taken() blocks
// until the consumer has taken everything written so far. The next phrase is then
// made with the newest control values rather than minutes ahead of the listener.
// On anything that is not a pipe (a file, a terminal) it does nothing.
class OutputPacer {
  public:
    explicit OutputPacer(int fd);
    bool active() const noexcept { return active_; }
    void wait_until_taken() const;

  private:
    int fd_;
    bool active_ = false;
};

// An input stream named for messages: "-" is standard input, anything else a file.
// A missing or unreadable file is Error(no_input) naming it.
struct NamedInput {
    std::string name;  // "stdin" or the path, as used in messages
    std::unique_ptr<std::istream> owned;
    std::istream* stream = nullptr;
};
NamedInput open_input(const std::string& path);

}  // namespace ambient
