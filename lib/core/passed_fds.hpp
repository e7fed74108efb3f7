// Descriptors handed from one process to another over a Unix socket (SCM_RIGHTS), with a
// small text beside them: how ambient-radio gives ambient-stream each new input (the
// renderer's PCM and what-is-playing pipes) and its stages' state, so that every input
// has clear ends and the server outlives any of them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ambient {

// One descriptor, closed when it goes out of scope.
class UniqueFd {
  public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) : fd_(fd) {}
    UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    UniqueFd& operator=(UniqueFd&& other) noexcept;
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;
    ~UniqueFd() { reset(); }

    int get() const { return fd_; }
    explicit operator bool() const { return fd_ >= 0; }
    int release() { return std::exchange(fd_, -1); }
    void reset(int fd = -1);

  private:
    int fd_ = -1;
};

// A pipe: [0] reads, [1] writes, both close-on-exec. Error(io) if the system has none left.
std::pair<UniqueFd, UniqueFd> make_pipe();

// A connected pair of SOCK_SEQPACKET sockets (messages keep their bounds), close-on-exec.
std::pair<UniqueFd, UniqueFd> make_message_socket_pair();

struct PassedMessage {
    std::string text;
    std::vector<UniqueFd> fds;
};

// Sends `text` (at least one byte, at most 64 KiB) with `fds` as one message. Returns
// false when the other end is gone (or, on a non-blocking socket, is not reading);
// Error(io) on any other failure.
bool send_message(int socket, std::string_view text, const std::vector<int>& fds = {});

// The next message, waiting at most `timeout_ms` (-1: as long as it takes). Returns
// nullopt on timeout; a message with empty text when the other end has closed.
std::optional<PassedMessage> receive_message(int socket, int timeout_ms);

}  // namespace ambient
