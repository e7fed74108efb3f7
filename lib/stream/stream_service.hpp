// ambient-stream as a whole: the stdin reader thread feeding the ring buffer, the
// clock-driven encoder thread, and the network thread, started and stopped together.
#pragma once

#include <chrono>
#include <string>

#include "core/json_log.hpp"
#include "core/pcm.hpp"
#include "stream/stream_server.hpp"

namespace ambient {

struct StreamServiceOptions {
    PcmFormat input;  // what stdin carries
    int input_fd = 0;
    int buffer_ms = 2000;
    int bitrate = 96000;
    std::string meta;  // the renderer's --meta file or FIFO (empty: none)
    // ambient-radio's end of a socket pair: inputs come from it one after another, and
    // the stream outlives each (input_fd is then unused). -1: read input_fd once.
    int radio_fd = -1;
    // Under the radio: no audio this long from a writer that is there, and the radio is told.
    std::chrono::milliseconds hung_after{5000};
    StreamServerOptions server;
};

// Serves until the input ends (after playing out what is buffered) or a signal comes;
// under ambient-radio, until the radio closes its socket or a signal comes.
// Throws Error: unavailable when the port cannot be had, data when the input ended
// inside a frame (after the whole frames were played), io on a read error.
void run_stream_service(const StreamServiceOptions& options, JsonLog& log);

}  // namespace ambient
