#include "history/history_store.hpp"

#include <sqlite3.h>

#include "core/error.hpp"

namespace ambient {

namespace {

constexpr const char* schema = R"sql(
CREATE TABLE IF NOT EXISTS ambient_history (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    started REAL NOT NULL,
    rate INTEGER NOT NULL,
    seed INTEGER NOT NULL,
    preset TEXT NOT NULL,
    patch TEXT NOT NULL,
    loudness TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS phrases (
    id INTEGER PRIMARY KEY,
    run INTEGER NOT NULL REFERENCES runs(id),
    sample INTEGER NOT NULL,
    time REAL NOT NULL,
    gain_db REAL NOT NULL,
    line TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS controls (
    id INTEGER PRIMARY KEY,
    run INTEGER NOT NULL REFERENCES runs(id),
    sample INTEGER NOT NULL,
    time REAL NOT NULL,
    control TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS phrases_by_time ON phrases(time);
CREATE INDEX IF NOT EXISTS phrases_by_run ON phrases(run, sample);
CREATE INDEX IF NOT EXISTS controls_by_run ON controls(run, sample);
CREATE INDEX IF NOT EXISTS controls_by_time ON controls(time);
)sql";

// One prepared statement, finalized when it goes.
class Statement {
  public:
    Statement(sqlite3* db, const char* sql) : db_(db) {
        if (sqlite3_prepare_v2(db, sql, -1, &s_, nullptr) != SQLITE_OK) s_ = nullptr;
    }
    ~Statement() { sqlite3_finalize(s_); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    bool ok() const { return s_ != nullptr; }
    Statement& bind(int i, std::int64_t v) {
        sqlite3_bind_int64(s_, i, v);
        return *this;
    }
    Statement& bind(int i, double v) {
        sqlite3_bind_double(s_, i, v);
        return *this;
    }
    Statement& bind(int i, const std::string& v) {
        sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        return *this;
    }
    // SQLITE_ROW, SQLITE_DONE or an error code.
    int step() { return sqlite3_step(s_); }
    std::int64_t integer(int c) const { return sqlite3_column_int64(s_, c); }
    double real(int c) const { return sqlite3_column_double(s_, c); }
    std::string text(int c) const {
        const auto* t = sqlite3_column_text(s_, c);
        return t ? std::string(reinterpret_cast<const char*>(t),
                               static_cast<std::size_t>(sqlite3_column_bytes(s_, c)))
                 : std::string();
    }

  private:
    sqlite3* db_;
    sqlite3_stmt* s_ = nullptr;
};

HistoryPhrase phrase_row(const Statement& s) {
    HistoryPhrase p;
    p.id = s.integer(0);
    p.run = s.integer(1);
    p.sample = s.integer(2);
    p.time = s.real(3);
    p.gain_db = s.real(4);
    p.line = s.text(5);
    return p;
}

constexpr const char* phrase_columns = "id, run, sample, time, gain_db, line";

}  // namespace

HistoryStore::HistoryStore(const std::string& path, HistoryAccess access) : path_(path) {
    try {
        if (access == HistoryAccess::read)
            open_to_read();
        else
            open();
    } catch (...) {
        sqlite3_close_v2(db_);  // no destructor for an object never made
        throw;
    }
}

void HistoryStore::open() {
    const std::string& path = path_;
    if (sqlite3_open_v2(path.c_str(), &db_,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        nullptr) != SQLITE_OK)
        fail("cannot open the history");
    sqlite3_busy_timeout(db_, 2000);  // a reader or writer beside us: wait, do not fail
    // A file that is not SQLite at all fails at the first statement.
    if (sqlite3_exec(db_, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr) != SQLITE_OK)
        throw Error(ErrorKind::data, std::string("not a history database: ") + sqlite3_errmsg(db_),
                    Place(path));
    exec("PRAGMA synchronous=NORMAL");
    exec("BEGIN IMMEDIATE");
    {
        // Tables of another program: refuse rather than write beside them.
        Statement tables(db_,
                         "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT IN "
                         "('ambient_history', 'runs', 'phrases', 'controls')");
        if (!tables.ok() || tables.step() != SQLITE_ROW) fail("cannot read the history");
        if (tables.integer(0) > 0) {
            exec("ROLLBACK");
            throw Error(ErrorKind::data, "not a history database: it has tables of its own",
                        Place(path));
        }
    }
    exec(schema);
    Statement version(db_, "SELECT version FROM ambient_history");
    if (!version.ok()) fail("cannot read the history's version");
    if (version.step() == SQLITE_ROW) {
        if (version.integer(0) > schema_version) {
            exec("ROLLBACK");
            throw Error(ErrorKind::data,
                        "the history's schema is version " + std::to_string(version.integer(0)) +
                            ", newer than this program's " + std::to_string(schema_version),
                        Place(path));
        }
    } else {
        exec("INSERT INTO ambient_history(version) VALUES (1)");
    }
    exec("COMMIT");
}

void HistoryStore::open_to_read() {
    if (sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX,
                        nullptr) != SQLITE_OK)
        throw Error(ErrorKind::no_input, "no history here", Place(path_));
    sqlite3_busy_timeout(db_, 2000);
    Statement version(db_, "SELECT version FROM ambient_history");
    if (!version.ok() || version.step() != SQLITE_ROW)
        throw Error(ErrorKind::data, "not a history database", Place(path_));
    if (version.integer(0) > schema_version)
        throw Error(ErrorKind::data,
                    "the history's schema is version " + std::to_string(version.integer(0)) +
                        ", newer than this program's " + std::to_string(schema_version),
                    Place(path_));
}

HistoryStore::~HistoryStore() {
    sqlite3_close_v2(db_);
}

void HistoryStore::fail(const std::string& what) const {
    throw Error(ErrorKind::io, what + ": " + (db_ ? sqlite3_errmsg(db_) : "out of memory"),
                Place(path_));
}

void HistoryStore::exec(const char* sql) const {
    if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
        fail("cannot write the history");
}

std::int64_t HistoryStore::begin_run(const HistoryRun& run) {
    Statement s(db_,
                "INSERT INTO runs(started, rate, seed, preset, patch, loudness) "
                "VALUES (?, ?, ?, ?, ?, ?)");
    if (!s.ok()) fail("cannot write the history");
    s.bind(1, run.started)
        .bind(2, std::int64_t{run.rate})
        .bind(3, static_cast<std::int64_t>(run.seed))
        .bind(4, run.preset)
        .bind(5, run.patch.dump())
        .bind(6, run.loudness);
    if (s.step() != SQLITE_DONE) fail("cannot write the history");
    return sqlite3_last_insert_rowid(db_);
}

void HistoryStore::add_phrase(const HistoryPhrase& p) {
    Statement s(db_,
                "INSERT INTO phrases(run, sample, time, gain_db, line) VALUES (?, ?, ?, ?, ?)");
    if (!s.ok()) fail("cannot write the history");
    s.bind(1, p.run).bind(2, p.sample).bind(3, p.time).bind(4, p.gain_db).bind(5, p.line);
    if (s.step() != SQLITE_DONE) fail("cannot write the history");
}

void HistoryStore::add_control(const HistoryControl& c) {
    Statement s(db_, "INSERT INTO controls(run, sample, time, control) VALUES (?, ?, ?, ?)");
    if (!s.ok()) fail("cannot write the history");
    s.bind(1, c.run).bind(2, c.sample).bind(3, c.time).bind(4, c.values.dump());
    if (s.step() != SQLITE_DONE) fail("cannot write the history");
}

void HistoryStore::prune(double time) {
    exec("BEGIN IMMEDIATE");
    for (const char* sql :
         {"DELETE FROM phrases WHERE time < ?", "DELETE FROM controls WHERE time < ?"}) {
        Statement s(db_, sql);
        if (!s.ok()) fail("cannot prune the history");
        s.bind(1, time);
        if (s.step() != SQLITE_DONE) {
            exec("ROLLBACK");
            fail("cannot prune the history");
        }
    }
    exec(
        "DELETE FROM runs WHERE id NOT IN (SELECT run FROM phrases) AND id NOT IN (SELECT run "
        "FROM controls) AND id < (SELECT coalesce(max(id), 0) FROM runs)");
    exec("COMMIT");
}

std::vector<HistoryPhrase> HistoryStore::recent(double since, int limit) const {
    Statement s(db_, (std::string("SELECT ") + phrase_columns +
                      " FROM phrases WHERE time >= ? ORDER BY time DESC, id DESC LIMIT ?")
                         .c_str());
    if (!s.ok()) fail("cannot read the history");
    s.bind(1, since).bind(2, std::int64_t{limit});
    std::vector<HistoryPhrase> out;
    int rc;
    while ((rc = s.step()) == SQLITE_ROW) out.push_back(phrase_row(s));
    if (rc != SQLITE_DONE) fail("cannot read the history");
    return out;
}

std::vector<HistoryStretch> HistoryStore::stretch(double from, double to, double lead) const {
    std::vector<HistoryStretch> out;
    // Runs with a phrase before `to` whose music may sound after `from`: any run with a
    // phrase in [from - lead, to), or the run playing at `from` (its last phrase before).
    Statement runs(db_,
                   "SELECT id, started, rate, seed, preset, patch, loudness FROM runs WHERE id IN "
                   "(SELECT run FROM phrases WHERE time >= ? AND time < ?) OR id = "
                   "(SELECT run FROM phrases WHERE time < ? ORDER BY time DESC LIMIT 1) "
                   "ORDER BY id");
    if (!runs.ok()) fail("cannot read the history");
    runs.bind(1, from - lead).bind(2, to).bind(3, from);
    int rc;
    while ((rc = runs.step()) == SQLITE_ROW) {
        HistoryStretch st;
        st.run.id = runs.integer(0);
        st.run.started = runs.real(1);
        st.run.rate = static_cast<int>(runs.integer(2));
        st.run.seed = static_cast<std::uint64_t>(runs.integer(3));
        st.run.preset = runs.text(4);
        st.run.patch = Json::parse(runs.text(5), nullptr, false);
        if (st.run.patch.is_discarded()) st.run.patch = Json::object();
        st.run.loudness = runs.text(6);
        // From the last phrase that started `lead` or more before `from`.
        Statement first(db_,
                        "SELECT coalesce(max(sample), 0) FROM phrases WHERE run = ? AND time <= ?");
        if (!first.ok() ||
            (first.bind(1, st.run.id).bind(2, from - lead), first.step()) != SQLITE_ROW)
            fail("cannot read the history");
        const std::int64_t start = first.integer(0);
        Statement phrases(db_, (std::string("SELECT ") + phrase_columns +
                                " FROM phrases WHERE run = ? AND sample >= ? AND time < ? "
                                "ORDER BY sample, id")
                                   .c_str());
        if (!phrases.ok()) fail("cannot read the history");
        phrases.bind(1, st.run.id).bind(2, start).bind(3, to);
        while ((rc = phrases.step()) == SQLITE_ROW) st.phrases.push_back(phrase_row(phrases));
        if (rc != SQLITE_DONE) fail("cannot read the history");
        Statement controls(db_,
                           "SELECT run, sample, time, control FROM controls WHERE run = ?1 AND "
                           "time < ?3 AND (sample >= ?2 OR id = (SELECT id FROM controls WHERE "
                           "run = ?1 AND sample < ?2 ORDER BY sample DESC, id DESC LIMIT 1)) "
                           "ORDER BY sample, id");
        if (!controls.ok()) fail("cannot read the history");
        controls.bind(1, st.run.id).bind(2, start).bind(3, to);
        while ((rc = controls.step()) == SQLITE_ROW) {
            HistoryControl c;
            c.run = controls.integer(0);
            c.sample = controls.integer(1);
            c.time = controls.real(2);
            c.values = Json::parse(controls.text(3), nullptr, false);
            if (c.values.is_discarded()) c.values = Json::object();
            st.controls.push_back(std::move(c));
        }
        if (rc != SQLITE_DONE) fail("cannot read the history");
        if (!st.phrases.empty()) out.push_back(std::move(st));
    }
    if (rc != SQLITE_DONE) fail("cannot read the history");
    return out;
}

}  // namespace ambient
