// ambient-stream under ambient-radio: inputs come one after another over the radio's
// socket (core/radio_link.hpp), each a PCM pipe with its own what-is-playing pipe. When
// one ends (its renderer died or was restarted) the partial frame it left is dropped,
// the audio fades out and silence goes on; the next fades in. Listeners stay throughout.
#pragma once

#include <atomic>
#include <functional>
#include <string>

#include "core/json_log.hpp"
#include "core/passed_fds.hpp"
#include "stream/meta_input.hpp"
#include "stream/pcm_input.hpp"

namespace ambient {

class InputSessions {
  public:
    // `stages`: called with the JSON of each "stages" message.
    using StagesSink = std::function<void(std::string json)>;

    InputSessions(int socket, PcmInput& input, MetaInput* meta, JsonLog& log, StagesSink stages)
        : socket_(socket), input_(input), meta_(meta), log_(log), stages_(std::move(stages)) {
        input_.set_waiting(true);  // silence until the radio's first input
    }

    // Until the radio closes its end or stop(); then the input is finished.
    void run();
    void stop() { stop_.store(true, std::memory_order_relaxed); }

    // Inputs begun so far.
    std::uint64_t inputs() const { return inputs_.load(std::memory_order_relaxed); }

  private:
    bool take_message();  // false when the radio is gone
    void end_input(const char* why);
    // One read of what-is-playing lines; closes the descriptor at its end or on an error.
    void read_meta();
    void maybe_begin_next();

    int socket_;
    PcmInput& input_;
    MetaInput* meta_;
    JsonLog& log_;
    StagesSink stages_;
    std::atomic<bool> stop_{false};
    std::atomic<std::uint64_t> inputs_{0};
    UniqueFd pcm_, meta_fd_;            // the input playing
    UniqueFd next_pcm_, next_meta_fd_;  // one waiting for the last to play out
    std::uint64_t offset_ = 0;          // where the playing input's sample 0 is
};

}  // namespace ambient
