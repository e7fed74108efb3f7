#include "history/history_recorder.hpp"

#include <chrono>

#include "core/error.hpp"
#include "phrase/phrase_json.hpp"

namespace ambient {

namespace {

double unix_now() {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

constexpr int prune_every = 100;  // phrases

}  // namespace

HistoryRecorder::HistoryRecorder(const std::string& path, HistoryRun run, double keep_days,
                                 Warn warn, Clock clock)
    : store_(std::make_unique<HistoryStore>(path)),
      run_(std::move(run)),
      keep_seconds_(keep_days * 86400.0),
      warn_(std::move(warn)),
      clock_(clock ? std::move(clock) : Clock(unix_now)) {
    run_.started = clock_();
    run_.id = store_->begin_run(run_);
    prune_now();
}

template <typename Write>
void HistoryRecorder::record(Write&& write) {
    try {
        write();
        last_problem_.clear();
    } catch (const Error& e) {
        // Once per distinct problem: a full disk is not told on every phrase.
        if (e.what() != last_problem_ && warn_)
            warn_(std::string(e.what()) + "; the music goes on without it", e.where().text());
        last_problem_ = e.what();
    }
}

void HistoryRecorder::prune_now() {
    record([&] { store_->prune(clock_() - keep_seconds_); });
    since_prune_ = 0;
}

void HistoryRecorder::phrase(const Phrase& p, double start_sample, std::int64_t now_sample,
                             double gain_db) {
    std::string line = format_phrase_line(p);
    if (!line.empty() && line.back() == '\n') line.pop_back();
    const double ahead = (start_sample - double(now_sample)) / run_.rate;
    HistoryPhrase h;
    h.run = run_.id;
    h.sample = static_cast<std::int64_t>(start_sample);
    h.time = clock_() + ahead;
    h.gain_db = gain_db;
    h.line = std::move(line);
    record([&] { store_->add_phrase(h); });
    if (++since_prune_ >= prune_every) prune_now();
}

void HistoryRecorder::control(const ControlValues& all, std::int64_t sample) {
    const HistoryControl h{run_.id, sample, clock_(), control_to_json(all)};
    record([&] { store_->add_control(h); });
}

}  // namespace ambient
