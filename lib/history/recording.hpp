// The history as the station serves it (GET /api/history, GET /api/recording): what played,
// as JSON, and a stretch re-rendered and encoded as it renders. Plain data in and out: the
// server's routes (stream_service) wire these to HTTP.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "history/replay.hpp"

namespace ambient {

// {"phrases":[{"time":…,"at":"2026-12-06T04:30:12","run":…,"key":…,"mode":…,"bpm":…,
//   "chords":["i","VI",…],"scene":…,"preset":…,"phrase":{…}},…]}, newest first.
std::string history_json(const HistoryStore& store, double since, int limit);

// What a listener asked for: last=SECONDS, or from=TIME&to=TIME (parse_history_time);
// format=wav|flac|opus|ogg (default flac).
struct RecordingAsk {
    std::optional<std::string> last, from, to, format;
};

struct RecordingPlan {
    ReplayRequest request;
    std::vector<HistoryStretch> stretches;
    std::string format, content_type, filename;
    long frames = 0;  // what the file holds
    int rate = 48000;
};

// Checked before anything is sent: Error(usage) naming the field for a bad ask (more than
// `max_seconds`, an end before the start, an unknown format), Error(data) when nothing
// played then. `now`: Unix time.
RecordingPlan plan_recording(const HistoryStore& store, const RecordingAsk& ask, double now,
                             double max_seconds = 3600);

// Renders the plan and hands each piece of the encoded file to `emit` as it is made; stops
// early when `emit` returns false (the listener went). Returns the frames rendered.
long render_recording(const RecordingPlan& plan,
                      const std::function<bool(const char* bytes, std::size_t size)>& emit);

// "ambient-2026-12-06_0430-0445.flac": when it was, in local time.
std::string recording_filename(double from, double to, const std::string& format);

}  // namespace ambient
