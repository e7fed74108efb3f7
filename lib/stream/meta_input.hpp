// ambient-stream's --meta: the renderer's lines of what is playing (see
// audio/playing.hpp), read on a thread of their own from a file or FIFO and handed out
// as the audio they describe is framed.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>

namespace ambient {

class MetaInput {
  public:
    // `scale`: stream samples per input sample (48000 / the input's rate).
    explicit MetaInput(double scale) : scale_(scale) {}

    // Reads lines from the file or FIFO at `path` until its writer is gone or stop().
    // Error(no_input) if it cannot open.
    void run(const std::string& path);
    void stop() { stop_.store(true, std::memory_order_relaxed); }

    // Bytes of lines from a writer whose sample 0 is input sample `offset` (inputs one
    // after another under ambient-radio); a line cut short waits for its end.
    void feed(std::string_view bytes, std::uint64_t offset);
    // A new writer: what the last one said and had not yet been heard is dropped.
    void clear();

    // The newest line that starts at or before input sample `position`, taking it and
    // every older one out; empty when nothing new has started.
    std::string take_up_to(std::uint64_t position);

  private:
    double scale_;
    std::atomic<bool> stop_{false};
    static constexpr std::size_t max_line = 64 * 1024;  // what-is-playing lines are short
    std::string pending_;                               // a line not yet ended
    bool overlong_ = false;  // dropping the rest of a line longer than max_line
    std::mutex mutex_;
    std::deque<std::pair<std::uint64_t, std::string>> lines_;
};

}  // namespace ambient
