// Rendering a stretch of the history again (ambient-render --history DB --from --to): the
// same phrases, control changes and patch, run by run, each started early enough for
// reverb and delay tails, then cut to the stretch. The music is the music that played:
// replaying a run's phrases and control changes at their samples makes the same samples,
// but for changes landing on the block boundary after theirs (within 11 ms at 48 kHz).
#pragma once

#include <functional>
#include <optional>
#include <string_view>

#include "history/history_store.hpp"

namespace ambient {

struct ReplayRequest {
    double from = 0, to = 0;  // Unix time, seconds
    double lead = 30;         // seconds rendered before `from` for the tails
};

struct ReplayFigures {
    long frames = 0;  // written to the sink
    int runs = 0, phrases = 0, controls = 0;
    int rate = 48000;
};

// A moment as a user gives it: "now", "-20s" / "-5m" / "-2h" (that long before `now`), Unix
// seconds ("1796523975.5"), or local date and time ("2026-12-06 02:30", "2026-12-06T02:30:15").
std::optional<double> parse_history_time(std::string_view text, double now);

// What [from, to) needs, checked before any work: Error(data) when nothing played then,
// or when the runs of the stretch have different rates.
std::vector<HistoryStretch> stretch_to_replay(const HistoryStore& store, const ReplayRequest& r);

// How many frames replay() hands on for them: the stretch less any silence between runs.
long replay_frames(const std::vector<HistoryStretch>& stretches, const ReplayRequest& r);

// Renders `stretches` (from stretch_to_replay) and hands `sink` the frames of [from, to),
// interleaved stereo, in order, as they are made. Stretches of silence (the radio
// restarting) are not filled: the runs follow one another.
ReplayFigures replay(const std::vector<HistoryStretch>& stretches, const ReplayRequest& r,
                     const std::function<void(const float* stereo, int frames)>& sink);

}  // namespace ambient
