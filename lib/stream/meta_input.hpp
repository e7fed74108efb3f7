// ambient-stream's --meta: the renderer's lines of what is playing (see
// audio/playing.hpp), read on a thread of their own from a file or FIFO and handed out
// as the audio they describe is framed.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>

namespace ambient {

class MetaInput {
  public:
    // `scale`: stream samples per input sample (48000 / the input's rate).
    MetaInput(std::string path, double scale) : path_(std::move(path)), scale_(scale) {}

    // Reads lines until the writer is gone or stop(). Error(no_input) if it cannot open.
    void run();
    void stop() { stop_.store(true, std::memory_order_relaxed); }

    // The newest line that starts at or before input sample `position`, taking it and
    // every older one out; empty when nothing new has started.
    std::string take_up_to(std::uint64_t position);

  private:
    std::string path_;
    double scale_;
    std::atomic<bool> stop_{false};
    std::mutex mutex_;
    std::deque<std::pair<std::uint64_t, std::string>> lines_;
};

}  // namespace ambient
