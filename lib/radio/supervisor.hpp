// ambient-radio: the whole station as one supervised process tree.
//
//   ambient-chords --endless | ambient-melody | ambient-perc | ambient-render  ->  ambient-stream
//
// The four composing and rendering stages are one chain joined by pipes; the stream is on
// its own. Each new chain hands the stream its renderer's PCM and what-is-playing pipes
// (core/radio_link.hpp), so when any stage dies the chain is made again and the stream,
// with every listener, stays. A stage that keeps dying waits longer each time (backoff).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/json_log.hpp"
#include "radio/backoff.hpp"

namespace ambient {

struct RadioOptions {
    std::string programs;  // the folder that holds the ambient-* programs
    std::string host = "127.0.0.1";
    int port = 8000;
    std::string preset = "drift";
    std::string journey = "day";              // ambient-chords --journey ("none": the flags alone)
    std::string override_for = "15m";         // how long a listener's change holds over the journey
    std::string state_dir;                    // control file, log (made if missing)
    std::vector<std::string> composer_flags;  // passed to ambient-chords as they are
    int buffer_ms = 300;                      // the stream's ring buffer
    BackoffPolicy backoff;
    double stop_grace_s = 1.2;  // after TERM, how long a stage has before KILL
    std::string log_level = "info";
    std::vector<std::string> icecast;  // passed to the stream as its --icecast targets
    std::string model;                 // ambient-melody --model ("": the rules)
    double history_days = 7;           // the renderer keeps state_dir/history.db this long
};

// Runs the station until SIGINT, SIGTERM or SIGHUP (returns 0), or until a stage fails at
// its first start in a way restarting cannot mend: bad flags (64), bad data (65), a missing
// file (66), the port taken (69), an I/O error (74); that status is returned.
// `on_listening` gets the page's address once the server listens.
// Error(unavailable) when the state folder is in use by another radio or a program is missing.
int run_radio(const RadioOptions& options, JsonLog& log,
              const std::function<void(const std::string& url)>& on_listening);

}  // namespace ambient
