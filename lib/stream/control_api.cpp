#include "stream/control_api.hpp"

#include <algorithm>
#include <optional>

#include "compose/control.hpp"
#include "control/control_file.hpp"
#include "core/error.hpp"
#include "phrase/json_file.hpp"

namespace ambient {

namespace {
HttpReply json_reply(int status, const Json& j) {
    // Replace, not throw, on bytes that are not UTF-8: a message may quote the body.
    return {status, "application/json",
            j.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n"};
}

HttpReply refusal(int status, const std::string& field, const std::string& message) {
    Json j = {{"error", message}};
    if (!field.empty()) j["field"] = field;
    return json_reply(status, j);
}
}  // namespace

struct ControlApi::State {
    std::optional<ControlFile> file;
    ControlValues values;  // without a file

    const ControlValues& current() {
        if (!file) return values;
        file->poll();  // another writer's change shows here too
        return file->values();
    }
};

ControlApi::ControlApi(std::string file) : state_(std::make_unique<State>()) {
    if (file.empty()) return;
    // A broken file is replaced by the first change.
    state_->file.emplace(std::move(file));
    state_->file->refresh();
}

ControlApi::~ControlApi() = default;

std::string ControlApi::state_json() const {
    std::lock_guard lock(mutex_);
    return control_to_json(state_->current()).dump();
}

HttpReply ControlApi::get() const {
    return {200, "application/json", state_json() + "\n"};
}

HttpReply ControlApi::schema() {
    static const std::string body = control_schema_json().dump() + "\n";
    return {200, "application/json", body};
}

HttpReply ControlApi::post(const std::string& body) {
    if (body.size() > max_body) return refusal(413, "", "body over 4096 bytes");
    Json update;
    try {
        update = parse_json_text(body, "body", Place());
    } catch (const Error& e) {
        return refusal(400, "", e.what());  // "body is not valid JSON: …", or nested too deep
    }
    ControlValues change;
    try {
        change = parse_control_update(update);  // names the field at fault
    } catch (const Error& e) {
        return refusal(400, e.where().field, e.what());
    }
    std::lock_guard lock(mutex_);
    if (!state_->file) {
        ControlValues next = merge_control(state_->values, change);
        next.version = state_->values.version + 1;
        state_->values = next;
        return json_reply(200, control_to_json(next));
    }
    try {
        return json_reply(200, control_to_json(state_->file->write(change)));
    } catch (const Error& e) {
        return refusal(500, "", std::string("cannot write the control file: ") + e.what());
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
                           "was given no control token");
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
