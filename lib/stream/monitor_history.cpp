#include "stream/monitor_history.hpp"

#include <nlohmann/json.hpp>
#include <optional>

namespace ambient {

void MonitorHistory::add(double unix_s, const StatusSnapshot& s) {
    Sample sample;
    sample.t = unix_s;
    sample.listeners = s.clients;
    sample.buffer_ms = s.buffer_ms;
    sample.lateness_ms = s.lateness_ms;
    if (have_last_) {
        sample.frames_dropped = static_cast<double>(s.client_frames_dropped - last_dropped_);
        sample.silent_frames = static_cast<double>(s.silent_frames - last_silent_);
    }
    last_dropped_ = s.client_frames_dropped;
    last_silent_ = s.silent_frames;
    have_last_ = true;
    auto radio = nlohmann::json::parse(s.radio.empty() ? "{}" : s.radio, nullptr, false);
    if (radio.is_object() && radio.contains("stages") && radio["stages"].is_array()) {
        for (const auto& st : radio["stages"]) {
            if (!st.is_object()) continue;
            Stage stage;
            stage.name = st.value("name", "");
            stage.cpu = st.value("cpu", 0.0);
            stage.memory_mb = st.value("memory_bytes", 0.0) / (1024.0 * 1024.0);
            stage.restarts = st.value("restarts", 0.0);
            sample.restarts += stage.restarts;
            sample.stages.push_back(std::move(stage));
        }
    }
    samples_.push_back(std::move(sample));
    while (samples_.size() > capacity_) samples_.pop_front();
}

bool MonitorHistory::load(const std::string& text) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_object() || !j.contains("t") || !j["t"].is_array()) return false;
    const std::size_t n = j["t"].size();
    auto column = [&](const char* name, std::size_t i) {
        const auto& c = j.contains(name) ? j[name] : nlohmann::json();
        return c.is_array() && i < c.size() && c[i].is_number() ? c[i].get<double>() : 0.0;
    };
    std::deque<Sample> loaded;
    for (std::size_t i = 0; i < n; ++i) {
        Sample s;
        s.t = column("t", i);
        s.listeners = static_cast<int>(column("listeners", i));
        s.buffer_ms = column("buffer_ms", i);
        s.lateness_ms = column("lateness_ms", i);
        s.frames_dropped = column("frames_dropped", i);
        s.silent_frames = column("silent_frames", i);
        s.restarts = column("restarts", i);
        if (j.contains("stages") && j["stages"].is_object())
            for (const auto& item : j["stages"].items()) {
                const std::string& name = item.key();
                const nlohmann::json& st = item.value();  // a plain name: lambdas take it
                auto value = [&](const char* field) {
                    const auto& c = st.contains(field) ? st[field] : nlohmann::json();
                    return c.is_array() && i < c.size() && c[i].is_number()
                               ? std::optional<double>(c[i].get<double>())
                               : std::nullopt;
                };
                if (!value("cpu")) continue;  // not reported in this sample
                s.stages.push_back({name, *value("cpu"), value("memory_mb").value_or(0),
                                    value("restarts").value_or(0)});
            }
        loaded.push_back(std::move(s));
    }
    while (loaded.size() > capacity_) loaded.pop_front();
    samples_ = std::move(loaded);
    return true;
}

std::string MonitorHistory::json(double since) const {
    nlohmann::ordered_json j = {{"interval_s", 1}, {"capacity", capacity_}};
    std::vector<const Sample*> picked;
    for (const auto& s : samples_)
        if (s.t > since) picked.push_back(&s);
    auto column = [&](const char* name, auto get) {
        auto& c = j[name] = nlohmann::ordered_json::array();
        for (const Sample* s : picked) c.push_back(get(*s));
    };
    column("t", [](const Sample& s) { return s.t; });
    column("listeners", [](const Sample& s) { return s.listeners; });
    column("buffer_ms", [](const Sample& s) { return s.buffer_ms; });
    column("lateness_ms", [](const Sample& s) { return s.lateness_ms; });
    column("frames_dropped", [](const Sample& s) { return s.frames_dropped; });
    column("silent_frames", [](const Sample& s) { return s.silent_frames; });
    column("restarts", [](const Sample& s) { return s.restarts; });
    // Per stage, aligned with "t": a stage not reported in a sample reads as null.
    auto& stages = j["stages"] = nlohmann::ordered_json::object();
    for (std::size_t i = 0; i < picked.size(); ++i) {
        for (const auto& st : picked[i]->stages) {
            if (!stages.contains(st.name)) {
                auto nulls = nlohmann::ordered_json::array();
                for (std::size_t k = 0; k < picked.size(); ++k) nulls.push_back(nullptr);
                stages[st.name] = {{"cpu", nulls}, {"memory_mb", nulls}, {"restarts", nulls}};
            }
            stages[st.name]["cpu"][i] = st.cpu;
            stages[st.name]["memory_mb"][i] = st.memory_mb;
            stages[st.name]["restarts"][i] = st.restarts;
        }
    }
    return j.dump();
}

}  // namespace ambient
