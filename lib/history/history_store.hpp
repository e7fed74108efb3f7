// The station's history (ambient-radio(1) HISTORY): what the renderer played, in SQLite.
//
// A run is one renderer from its start: its rate, seed, preset and patch. Each phrase is
// kept whole, as it was scheduled (after live control), with the sample of its run where
// it starts, the wall-clock time that sample was made, and the loudness gain then; each
// control change with the sample it took effect at. Replaying a run's phrases and changes
// at the same samples makes the same audio, which is what re-rendering a stretch does.
// WAL journal, one transaction per record: a crash loses at most the record being written.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "phrase/phrase.hpp"

struct sqlite3;

namespace ambient {

struct HistoryRun {
    std::int64_t id = 0;
    double started = 0;  // Unix time, seconds
    int rate = 48000;
    std::uint64_t seed = 0;
    std::string preset;
    Json patch = Json::object();  // the --patch overrides
    std::string loudness;         // how the gain was followed: "live", "off"
};

struct HistoryPhrase {
    std::int64_t id = 0, run = 0;
    std::int64_t sample = 0;  // where it starts in its run
    double time = 0;          // Unix time when that sample was made
    double gain_db = 0;       // the loudness gain at that moment
    std::string line;         // the phrase, one JSON line as scheduled
};

struct HistoryControl {
    std::int64_t run = 0;
    std::int64_t sample = 0;
    double time = 0;
    Json values = Json::object();  // every control value then (control_to_json)
};

// A run's part of a stretch of time: the phrases sounding in it (from one starting early
// enough for tails), the control values in force at the first of them (the last change
// before it), and every control change from that phrase on.
struct HistoryStretch {
    HistoryRun run;
    std::vector<HistoryPhrase> phrases;
    std::vector<HistoryControl> controls;
};

// How a store is opened: by the renderer that writes it, or by those that only read it (the
// server's routes, a re-render), which never take a lock the writer would wait on.
enum class HistoryAccess { write, read };

class HistoryStore {
  public:
    static constexpr int schema_version = 1;

    // Opens the file, for writing made if missing. Error(io) naming it when it cannot be
    // (for reading, Error(no_input) when it is not there), Error(data) when it is not a
    // history (another database, or a newer schema).
    explicit HistoryStore(const std::string& path, HistoryAccess access = HistoryAccess::write);
    ~HistoryStore();
    HistoryStore(const HistoryStore&) = delete;
    HistoryStore& operator=(const HistoryStore&) = delete;

    std::int64_t begin_run(const HistoryRun& run);
    void add_phrase(const HistoryPhrase& phrase);
    void add_control(const HistoryControl& control);
    // Forgets phrases and control changes before `time`, and runs left with neither.
    void prune(double time);

    // The phrases that started at or after `since`, newest first, at most `limit`.
    std::vector<HistoryPhrase> recent(double since, int limit) const;
    // What re-rendering [from, to) needs, run by run in time order: for each run that
    // played then, its phrases from the last one that started `lead` seconds or more
    // before `from` (or its first) to the last that started before `to`.
    std::vector<HistoryStretch> stretch(double from, double to, double lead) const;

    const std::string& path() const { return path_; }

  private:
    void open();
    void open_to_read();
    void exec(const char* sql) const;
    [[noreturn]] void fail(const std::string& what) const;
    std::string path_;
    sqlite3* db_ = nullptr;
};

}  // namespace ambient
