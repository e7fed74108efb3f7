#include "compose/control.hpp"

#include <sys/stat.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "compose/pitch.hpp"

namespace ambient {

ControlValues parse_control(const Json& j) {
    if (!j.is_object()) throw std::invalid_argument("expected a JSON object");
    ControlValues v;
    if (auto it = j.find("version"); it != j.end()) {
        if (!it->is_number_unsigned())
            throw std::invalid_argument("version: expected a non-negative integer");
        v.version = it->get<std::uint64_t>();
    }
    if (auto it = j.find("key"); it != j.end()) {
        if (!it->is_string() || !parse_pitch_class(it->get<std::string>()))
            throw std::invalid_argument("key: expected a note name such as A, C# or Eb");
        v.key = it->get<std::string>();
    }
    if (auto it = j.find("mode"); it != j.end()) {
        std::optional<Mode> m = it->is_string() ? parse_mode(it->get<std::string>()) : std::nullopt;
        if (!m)
            throw std::invalid_argument(
                "mode: expected ionian, dorian, phrygian, lydian, mixolydian, aeolian, locrian, "
                "major or minor");
        v.mode = m;
    }
    if (auto it = j.find("bpm"); it != j.end()) {
        if (!it->is_number() || it->get<double>() < min_bpm || it->get<double>() > max_bpm)
            throw std::invalid_argument("bpm: expected a number from 40 to 160");
        v.bpm = it->get<double>();
    }
    if (auto it = j.find("intensity"); it != j.end()) {
        if (!it->is_number() || it->get<double>() < 0.0 || it->get<double>() > 1.0)
            throw std::invalid_argument("intensity: expected a number from 0 to 1");
        v.intensity = it->get<double>();
    }
    return v;
}

void apply_live_control(Phrase& p, const ControlValues& v) {
    if (v.bpm) p.bpm = *v.bpm;
    if (v.intensity) p.intensity = *v.intensity;
}

ControlWatcher::ControlWatcher(std::string path, Warn warn)
    : path_(std::move(path)), warn_(std::move(warn)) {}

bool ControlWatcher::poll() {
    struct stat st {};
    if (::stat(path_.c_str(), &st) != 0) {
        if (!warned_missing_ && warn_)
            warn_("control file not there yet; using the flags until it is", path_);
        warned_missing_ = true;
        return false;
    }
    Stamp stamp{st.st_ino, st.st_mtim, st.st_size};
    if (seen_ && *seen_ == stamp) return false;
    seen_ = stamp;

    std::ifstream in(path_);
    std::stringstream text;
    text << in.rdbuf();
    std::string problem;
    try {
        ControlValues v = parse_control(Json::parse(text.str()));
        values_ = v;
        last_problem_.clear();
        return true;
    } catch (const Json::exception& e) {
        problem = "control file is not valid JSON; keeping the last good values";
    } catch (const std::invalid_argument& e) {
        problem = std::string("bad control value, ") + e.what() + "; keeping the last good values";
    }
    if (problem != last_problem_ && warn_) warn_(problem, path_);  // once per distinct problem
    last_problem_ = problem;
    return false;
}

}  // namespace ambient
