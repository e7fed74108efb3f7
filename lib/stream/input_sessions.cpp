#include "stream/input_sessions.hpp"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "core/radio_link.hpp"

namespace ambient {

bool InputSessions::take_message() {
    auto message = receive_message(socket_, 0);
    if (!message) return true;
    if (message->text.empty()) return false;  // the radio closed its end
    std::string_view text = message->text;
    if (text == radio_link::input && !message->fds.empty()) {
        if (pcm_) end_input("replaced");
        next_pcm_ = std::move(message->fds[0]);
        next_meta_fd_ = message->fds.size() > 1 ? std::move(message->fds[1]) : UniqueFd();
    } else if (text.substr(0, radio_link::stages.size()) == radio_link::stages) {
        stages_(std::string(text.substr(radio_link::stages.size())));
    } else {
        log_.warn("radio_message_unknown", {{"bytes", text.size()}});
    }
    return true;
}

void InputSessions::end_input(const char* why) {
    std::size_t dropped = input_.end_input();
    log_.log(dropped ? LogLevel::warn : LogLevel::info, "input_ended",
             {{"reason", why},
              {"seconds", static_cast<double>(input_.frames_in() - offset_) / 48000.0},
              {"partial_frame_bytes_dropped", dropped}});
    pcm_.reset();
    // What the writer said of the audio it sent before it ended is still to be played:
    // take every line already in the pipe.
    for (pollfd p{meta_fd_.get(), POLLIN, 0}; meta_fd_ && ::poll(&p, 1, 0) > 0;
         p.fd = meta_fd_.get())
        read_meta();
    meta_fd_.reset();
    input_.set_waiting(true);
}

// A new input starts once the last has played out of the ring, so that it fades out
// and the new one in, each at its own edge.
void InputSessions::maybe_begin_next() {
    if (pcm_ || !next_pcm_ || input_.buffered_samples() > 0) return;
    pcm_ = std::move(next_pcm_);
    meta_fd_ = std::move(next_meta_fd_);
    offset_ = input_.frames_in();
    input_.mark_input_start();
    if (meta_) meta_->clear();
    input_.set_waiting(false);
    inputs_.fetch_add(1, std::memory_order_relaxed);
    log_.info("input_started", {{"input", inputs()}, {"what_is_playing", bool(meta_fd_)}});
}

void InputSessions::read_meta() {
    char buf[4096];
    ssize_t n = ::read(meta_fd_.get(), buf, sizeof buf);
    if (n > 0 && meta_)
        meta_->feed(std::string_view(buf, static_cast<std::size_t>(n)), offset_);
    else if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
        meta_fd_.reset();
}

void InputSessions::run() {
    while (!stop_.load(std::memory_order_relaxed)) {
        maybe_begin_next();
        std::vector<pollfd> fds{{socket_, POLLIN, 0}};
        if (pcm_) fds.push_back({pcm_.get(), POLLIN, 0});
        if (meta_fd_) fds.push_back({meta_fd_.get(), POLLIN, 0});
        int ready = ::poll(fds.data(), fds.size(), 20);
        if (ready < 0 && errno != EINTR) break;
        if (ready <= 0) continue;
        if (fds[0].revents && !take_message()) break;
        for (std::size_t i = 1; i < fds.size(); ++i) {
            if (!fds[i].revents) continue;
            if (fds[i].fd == pcm_.get()) {
                if (!input_.read_some(pcm_.get())) end_input("writer closed");
            } else if (fds[i].fd == meta_fd_.get()) {
                read_meta();
            }
        }
    }
    if (pcm_) end_input("radio gone");
    input_.finish();
}

}  // namespace ambient
