#include "control/control_file.hpp"

#include "core/error.hpp"
#include "core/replacing_file.hpp"
#include "phrase/json_file.hpp"

namespace ambient {

ControlFile::ControlFile(std::string path, Warn warn)
    : watch_(std::move(path)), warn_(std::move(warn)) {}

void ControlFile::tell(const std::string& problem) {
    if (problem != last_problem_ && warn_) warn_(problem, path());  // once per distinct problem
    last_problem_ = problem;
}

bool ControlFile::poll() {
    const auto now = std::chrono::steady_clock::now();
    if (now < next_look_) return false;
    next_look_ = now + cadence;
    return refresh();
}

bool ControlFile::refresh() {
    if (!watch_.changed()) return false;
    std::optional<std::string> text = read_whole_file(path());
    if (!text) {
        tell("control file not there yet; using the flags until it is");
        return false;
    }
    Json j;
    try {
        j = parse_json_text(*text, "control file", path());
    } catch (const Error&) {  // one warning for every broken text, whatever its detail
        tell("control file is not valid JSON; keeping the last good values");
        return false;
    }
    try {
        values_ = parse_control(j);
        last_problem_.clear();
        return true;
    } catch (const Error& e) {
        tell(std::string("bad control value, ") + e.what() + "; keeping the last good values");
    }
    return false;
}

const ControlValues& ControlFile::write(const ControlValues& update) {
    refresh();  // merge over what another writer may have put there meanwhile
    ControlValues next = merge_control(values_, update);
    next.version = values_.version + 1;
    write_file_atomically(path(), control_to_json(next).dump() + "\n");
    watch_.changed();  // our own write is not news
    values_ = next;
    return values_;
}

}  // namespace ambient
