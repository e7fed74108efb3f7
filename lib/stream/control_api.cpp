#include "stream/control_api.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "compose/control.hpp"
#include "compose/mode.hpp"
#include "core/error.hpp"

namespace ambient {

namespace {
const char* const fields[] = {"key", "mode", "bpm", "intensity"};

Json to_json(const ControlValues& v) {
    Json j = {{"version", v.version}};
    if (v.key) j["key"] = *v.key;
    if (v.mode) j["mode"] = std::string(mode_name(*v.mode));
    if (v.bpm) j["bpm"] = *v.bpm;
    if (v.intensity) j["intensity"] = *v.intensity;
    return j;
}

HttpReply json_reply(int status, const Json& j) {
    return {status, "application/json", j.dump() + "\n"};
}

HttpReply refusal(int status, const std::string& field, const std::string& message) {
    Json j = {{"error", message}};
    if (!field.empty()) j["field"] = field;
    return json_reply(status, j);
}
}  // namespace

ControlApi::ControlApi(std::string file) : file_(std::move(file)) {
    ControlValues v;
    if (!file_.empty()) {
        std::ifstream in(file_);
        if (in) {
            std::stringstream text;
            text << in.rdbuf();
            try {
                v = parse_control(Json::parse(text.str()));
            } catch (const std::exception&) {
                v = ControlValues{};  // a broken file is replaced by the first change
            }
        }
    }
    version_ = v.version;
    state_ = to_json(v).dump();
}

std::string ControlApi::state_json() const {
    std::lock_guard lock(mutex_);
    return state_;
}

std::uint64_t ControlApi::version() const {
    std::lock_guard lock(mutex_);
    return version_;
}

HttpReply ControlApi::get() const {
    return {200, "application/json", state_json() + "\n"};
}

HttpReply ControlApi::post(const std::string& body) {
    if (body.size() > max_body) return refusal(413, "", "body over 4096 bytes");
    Json update = Json::parse(body, nullptr, false);
    if (update.is_discarded()) return refusal(400, "", "body is not valid JSON");
    if (!update.is_object()) return refusal(400, "", "body must be a JSON object");
    if (update.empty())
        return refusal(400, "", "nothing to change: give key, mode, bpm or intensity");
    for (auto it = update.begin(); it != update.end(); ++it) {
        bool known = false;
        for (const char* f : fields) known = known || it.key() == f;
        if (!known)
            return refusal(400, it.key(),
                           it.key() + ": unknown field (key, mode, bpm and intensity can change)");
    }
    try {
        parse_control(update);  // names the field at fault
    } catch (const std::invalid_argument& e) {
        std::string what = e.what();
        return refusal(400, what.substr(0, what.find(':')), what);
    }
    std::lock_guard lock(mutex_);
    Json state = Json::parse(state_);
    for (auto it = update.begin(); it != update.end(); ++it) state[it.key()] = it.value();
    state["version"] = version_ + 1;
    std::string text = state.dump();
    try {
        write_file(text);
    } catch (const Error& e) {
        return refusal(500, "", std::string("cannot write the control file: ") + e.what());
    }
    ++version_;
    state_ = text;
    return {200, "application/json", text + "\n"};
}

// Written beside the target and renamed over it: a reader sees the old file or the new
// one, never half of one.
void ControlApi::write_file(const std::string& json) const {
    if (file_.empty()) return;
    std::string temp = file_ + ".tmp";
    int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw Error(ExitCode::io, std::strerror(errno), temp);
    std::string line = json + "\n";
    bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
    ok = ::fsync(fd) == 0 && ok;
    ok = ::close(fd) == 0 && ok;
    if (!ok || ::rename(temp.c_str(), file_.c_str()) != 0) {
        std::string why = std::strerror(errno);
        ::unlink(temp.c_str());
        throw Error(ExitCode::io, why, file_);
    }
}

bool is_loopback_host(const std::string& host) {
    return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

std::optional<HttpReply> ControlGate::check(const std::string& client_ip,
                                            const std::string& authorization,
                                            std::chrono::steady_clock::time_point now) {
    if (!loopback_only_) {
        if (token_.empty())
            return refusal(403, "",
                           "the control API is off: this server listens beyond loopback and "
                           "was given no --control-token");
        const std::string want = "Bearer " + token_;
        // Compared in constant time, so the answer's timing does not leak the token.
        unsigned diff = authorization.size() == want.size() ? 0u : 1u;
        for (std::size_t i = 0; i < want.size(); ++i)
            diff |=
                static_cast<unsigned>(want[i] ^ (i < authorization.size() ? authorization[i] : 0));
        if (diff != 0) return refusal(401, "", "a valid Authorization: Bearer token is needed");
    }
    auto [it, fresh] = buckets_.try_emplace(client_ip, Bucket{burst_, now});
    Bucket& b = it->second;
    if (!fresh) {
        b.tokens = std::min(burst_,
                            b.tokens + rate_ * std::chrono::duration<double>(now - b.last).count());
        b.last = now;
    }
    if (b.tokens < 1.0) return refusal(429, "", "too many changes; wait a moment");
    b.tokens -= 1.0;
    if (buckets_.size() > 10000) buckets_.clear();  // bounded memory under a flood of addresses
    return std::nullopt;
}

}  // namespace ambient
