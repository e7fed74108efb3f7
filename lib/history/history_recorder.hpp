// Keeps a renderer's history as it plays (ambient-render --history): a run when it starts,
// each phrase as scheduled and each control change, stamped with the wall clock, so that
// what was heard can be found by time and rendered again. Old records are pruned as it goes.
// A history that cannot be written never stops the music: it is told once, as a warning.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "compose/control.hpp"
#include "history/history_store.hpp"
#include "phrase/phrase.hpp"

namespace ambient {

class HistoryRecorder {
  public:
    using Warn = std::function<void(const std::string& what, const std::string& where)>;
    using Clock = std::function<double()>;  // Unix time, seconds

    // Opens (or creates) the history at `path` and begins `run`; Error(io) or Error(data)
    // when the file cannot be a history at all. `keep_days`: records older are pruned.
    HistoryRecorder(const std::string& path, HistoryRun run, double keep_days, Warn warn,
                    Clock clock = {});

    // A phrase starting at `start_sample` while the renderer makes `now_sample`: its time is
    // the clock's plus the difference.
    void phrase(const Phrase& p, double start_sample, std::int64_t now_sample, double gain_db);
    void control(const ControlValues& all, std::int64_t sample);

    std::int64_t run() const { return run_.id; }

  private:
    template <typename Write>
    void record(Write&& write);
    void prune_now();

    std::unique_ptr<HistoryStore> store_;
    HistoryRun run_;
    double keep_seconds_;
    Warn warn_;
    Clock clock_;
    std::string last_problem_;
    int since_prune_ = 0;
};

}  // namespace ambient
