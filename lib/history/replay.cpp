#include "history/replay.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "audio/performance.hpp"
#include "core/error.hpp"
#include "phrase/phrase_json.hpp"
#include "synth/patch.hpp"

namespace ambient {

namespace {

// The run's sample heard at wall-clock `t`: from the phrase last started by then.
double sample_at(const HistoryStretch& st, double t) {
    const HistoryPhrase* by = &st.phrases.front();
    for (const HistoryPhrase& p : st.phrases)
        if (p.time <= t) by = &p;
    return double(by->sample) + (t - by->time) * st.run.rate;
}

// The samples of stretch `i`'s run that [from, to) takes: from `from` (or its first phrase)
// to `to` (or the next run's first phrase), counted from its first phrase; empty when none.
struct RunSpan {
    long begin = 0, end = 0;
};
RunSpan run_span(const std::vector<HistoryStretch>& stretches, std::size_t i,
                 const ReplayRequest& r) {
    const HistoryStretch& st = stretches[i];
    const double begin_t = std::max(r.from, st.phrases.front().time);
    const double end_t =
        i + 1 < stretches.size() ? std::min(r.to, stretches[i + 1].phrases.front().time) : r.to;
    if (end_t <= begin_t) return {};
    const std::int64_t first = st.phrases.front().sample;
    // As long as asked for, to the sample: the phrases' clock times may stray from their
    // samples by a little (a renderer filling its pipe at start is ahead of the clock).
    const long begin = static_cast<long>(std::llround(sample_at(st, begin_t))) - first;
    return {begin, begin + static_cast<long>(std::llround((end_t - begin_t) * st.run.rate))};
}

}  // namespace

long replay_frames(const std::vector<HistoryStretch>& stretches, const ReplayRequest& r) {
    long frames = 0;
    for (std::size_t i = 0; i < stretches.size(); ++i) {
        const RunSpan span = run_span(stretches, i, r);
        frames += span.end - span.begin;
    }
    return frames;
}

std::optional<double> parse_history_time(std::string_view text, double now) {
    if (text == "now") return now;
    if (text.empty()) return std::nullopt;
    const std::string t(text);
    if (!t.empty() && t[0] == '-') {
        char unit = 's';
        double n = 0;
        int used = 0;
        if (std::sscanf(t.c_str() + 1, "%lf%n", &n, &used) != 1 || !(n >= 0)) return std::nullopt;
        const std::string rest = t.substr(1 + static_cast<std::size_t>(used));
        if (rest.size() > 1) return std::nullopt;
        if (rest.size() == 1) unit = rest[0];
        const double scale = unit == 's' ? 1 : unit == 'm' ? 60 : unit == 'h' ? 3600 : 0;
        if (scale == 0) return std::nullopt;
        return now - n * scale;
    }
    if (t.find_first_not_of("0123456789.") == std::string::npos) {
        char* end = nullptr;
        const double v = std::strtod(t.c_str(), &end);
        if (end && *end == '\0' && std::isfinite(v)) return v;
        return std::nullopt;
    }
    std::tm tm{};
    int seconds = 0, used = 0;
    char sep = 0;
    if (std::sscanf(t.c_str(), "%d-%d-%d%c%d:%d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &sep,
                    &tm.tm_hour, &tm.tm_min, &used) != 6 ||
        (sep != 'T' && sep != ' '))
        return std::nullopt;
    const std::string rest = t.substr(static_cast<std::size_t>(used));
    if (!rest.empty() && (std::sscanf(rest.c_str(), ":%d", &seconds) != 1 || rest.size() > 3))
        return std::nullopt;
    if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
        tm.tm_min > 59 || seconds < 0 || seconds > 60)
        return std::nullopt;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    tm.tm_sec = seconds;
    tm.tm_isdst = -1;  // local time, whatever the season
    const std::time_t when = std::mktime(&tm);
    if (when == static_cast<std::time_t>(-1)) return std::nullopt;
    return static_cast<double>(when);
}

std::vector<HistoryStretch> stretch_to_replay(const HistoryStore& store, const ReplayRequest& r) {
    if (!(r.to > r.from))
        throw Error(ErrorKind::usage, "the stretch ends before it begins",
                    Place::of_setting("to", ""));
    std::vector<HistoryStretch> st = store.stretch(r.from, r.to, r.lead);
    if (st.empty())
        throw Error(ErrorKind::data, "nothing played in that stretch", Place(store.path()));
    for (const HistoryStretch& s : st)
        if (s.run.rate != st.front().run.rate)
            throw Error(ErrorKind::data, "the stretch spans runs at different sample rates",
                        Place(store.path()));
    return st;
}

ReplayFigures replay(const std::vector<HistoryStretch>& stretches, const ReplayRequest& r,
                     const std::function<void(const float*, int)>& sink) {
    ReplayFigures f;
    for (std::size_t i = 0; i < stretches.size(); ++i) {
        const HistoryStretch& st = stretches[i];
        f.rate = st.run.rate;
        ++f.runs;
        const auto [begin, end] = run_span(stretches, i, r);
        if (end <= begin) continue;
        const std::int64_t first = st.phrases.front().sample;

        PerformanceSettings s;
        s.rate = st.run.rate;
        s.seed = st.run.seed;
        s.origin = first;  // notes and LFOs as they were at this point of the run
        s.patch = preset(st.run.preset);
        s.patch_overrides = st.run.patch;
        s.patch = patch_from_json(st.run.patch, s.patch);
        s.gain_db = float(st.phrases.front().gain_db);
        s.follow_loudness = st.run.loudness == "live";
        std::size_t next = 0;
        PhraseSource source = [&]() -> std::optional<Phrase> {
            if (next == st.phrases.size()) return std::nullopt;
            return parse_phrase_line(st.phrases[next++].line);
        };
        Performance performance(s, source);
        for (const HistoryControl& c : st.controls)
            performance.apply_control_at(std::max<std::int64_t>(0, c.sample - first),
                                         parse_control(c.values));
        f.phrases += static_cast<int>(st.phrases.size());
        f.controls += static_cast<int>(st.controls.size());
        std::vector<float> block(2 * Performance::block);
        long at = 0;
        while (at < end) {
            const int n = performance.render(block.data(), Performance::block);
            if (n == 0) break;
            const long lo = std::max(at, begin), hi = std::min(at + n, end);
            if (hi > lo) {
                sink(block.data() + 2 * (lo - at), static_cast<int>(hi - lo));
                f.frames += hi - lo;
            }
            at += n;
        }
    }
    return f;
}

}  // namespace ambient
