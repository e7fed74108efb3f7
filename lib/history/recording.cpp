#include "history/recording.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <ctime>

#include "audio/sound_stream.hpp"
#include "core/error.hpp"

namespace ambient {

namespace {

std::string local_time(double t, const char* format) {
    const auto seconds = static_cast<std::time_t>(std::floor(t));
    std::tm tm{};
    localtime_r(&seconds, &tm);
    char text[64];
    std::strftime(text, sizeof text, format, &tm);
    return text;
}

Json phrase_summary(const HistoryPhrase& p, const Json& phrase) {
    Json chords = Json::array();
    if (phrase.contains("chords") && phrase["chords"].is_array())
        for (const Json& c : phrase["chords"])
            if (c.is_object())
                chords.push_back(c.value("degree", std::string()) +
                                 c.value("colour", std::string()));
    Json out = {{"time", p.time},
                {"at", local_time(p.time, "%Y-%m-%dT%H:%M:%S")},
                {"run", p.run},
                {"key", phrase.value("key", std::string())},
                {"mode", phrase.value("mode", std::string())},
                {"bpm", phrase.value("bpm", 0.0)},
                {"intensity", phrase.value("intensity", 0.0)},
                {"chords", chords}};
    if (phrase.contains("scene")) out["scene"] = phrase["scene"];
    if (phrase.contains("preset")) out["preset"] = phrase["preset"];
    out["phrase"] = phrase;
    return out;
}

double seconds_field(const std::string& text, const char* name) {
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || !end || *end != '\0' || !std::isfinite(v) || v <= 0)
        throw Error(ErrorKind::usage, "not a number of seconds above 0: \"" + text + "\"",
                    Place::of_setting(name, text));
    return v;
}

double time_field(const std::optional<std::string>& text, const char* name, double now) {
    if (!text) throw Error(ErrorKind::usage, "missing", Place::of_setting(name, ""));
    auto t = parse_history_time(*text, now);
    if (!t)
        throw Error(ErrorKind::usage,
                    "not a time (now, -20s, -5m, -1h, Unix seconds or YYYY-MM-DD HH:MM[:SS]): \"" +
                        *text + "\"",
                    Place::of_setting(name, *text));
    return *t;
}

struct ListenerGone {};

}  // namespace

std::string history_json(const HistoryStore& store, double since, int limit) {
    Json phrases = Json::array();
    for (const HistoryPhrase& p : store.recent(since, limit)) {
        Json phrase = Json::parse(p.line, nullptr, false);
        if (phrase.is_discarded() || !phrase.is_object()) continue;
        phrases.push_back(phrase_summary(p, phrase));
    }
    return Json{{"phrases", phrases}}.dump();
}

std::string recording_filename(double from, double to, const std::string& format) {
    const bool same_day = local_time(from, "%F") == local_time(to, "%F");
    return "ambient-" + local_time(from, "%Y-%m-%d_%H%M%S") + "-" +
           local_time(to, same_day ? "%H%M%S" : "%Y-%m-%d_%H%M%S") + "." + format;
}

RecordingPlan plan_recording(const HistoryStore& store, const RecordingAsk& ask, double now,
                             double max_seconds) {
    RecordingPlan plan;
    plan.format = ask.format.value_or("flac");
    if (!SoundStreamWriter::known_format(plan.format))
        throw Error(ErrorKind::usage, "unknown format (use wav, flac, opus or ogg)",
                    Place::of_setting("format", plan.format));
    plan.content_type = SoundStreamWriter::content_type(plan.format);
    if (ask.last) {
        if (ask.from || ask.to)
            throw Error(ErrorKind::usage, "give last, or from and to, not both",
                        Place::of_setting("last", *ask.last));
        plan.request.to = now;
        plan.request.from = now - seconds_field(*ask.last, "last");
    } else {
        plan.request.from = time_field(ask.from, "from", now);
        plan.request.to = ask.to ? time_field(ask.to, "to", now) : now;
    }
    if (plan.request.to - plan.request.from > max_seconds)
        throw Error(
            ErrorKind::usage,
            "longer than " + std::to_string(static_cast<int>(max_seconds)) +
                " s: ask for a shorter stretch",
            Place::of_setting(ask.last ? "last" : "to", ask.last.value_or(ask.to.value_or(""))));
    plan.stretches = stretch_to_replay(store, plan.request);
    plan.rate = plan.stretches.front().run.rate;
    plan.frames = replay_frames(plan.stretches, plan.request);
    // Named for what it holds: a stretch asked from before the station began starts later.
    const double begins = std::max(plan.request.from, plan.stretches.front().phrases.front().time);
    plan.filename = recording_filename(begins, plan.request.to, plan.format);
    return plan;
}

long render_recording(const RecordingPlan& plan,
                      const std::function<bool(const char*, std::size_t)>& emit) {
    // The encoder calls back from inside libsndfile, which no exception may cross: a
    // listener gone is noted there and acted on between blocks.
    bool gone = false;
    SoundStreamWriter writer(plan.format, plan.rate, 2, plan.frames,
                             [&](const char* bytes, std::size_t size) {
                                 if (!gone && !emit(bytes, size)) gone = true;
                             });
    long frames = 0;
    try {
        replay(plan.stretches, plan.request, [&](const float* stereo, int n) {
            if (gone) throw ListenerGone{};
            writer.write(stereo, n);
            frames += n;
        });
        writer.close();
    } catch (const ListenerGone&) {
    }
    return frames;
}

}  // namespace ambient
