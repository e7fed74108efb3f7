#include "stream/history_service.hpp"

#include <chrono>
#include <cstdlib>
#include <memory>

#include "audio/sound_stream.hpp"
#include "core/error.hpp"
#include "history/recording.hpp"

namespace ambient {

namespace {

double unix_now() {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

HttpReply refusal(int status, const std::string& why) {
    return {status, "text/plain; charset=utf-8", why + "\n"};
}

// A bad ask is 400 with the reason, a stretch with nothing in it (or no history yet) 404,
// a history that cannot be read 503.
HttpReply refusal_for(const Error& e) {
    const int status = e.kind() == ErrorKind::usage                                     ? 400
                       : e.kind() == ErrorKind::data || e.kind() == ErrorKind::no_input ? 404
                                                                                        : 503;
    // The field a bad ask got wrong, never the file behind (a listener need not see paths).
    const std::string& field = e.where().setting;
    return refusal(status, (field.empty() ? "" : field + ": ") + e.what());
}

}  // namespace

HistoryRoutes history_routes(const std::string& db, double heard_after, double max_seconds) {
    HistoryRoutes routes;
    routes.history = [db](const std::string& resource) -> HttpReply {
        const double now = unix_now();
        double since = now - 3600;
        int limit = 50;
        if (auto text = query_value(resource, "since"); text && !text->empty()) {
            auto t = parse_history_time(*text, now);
            if (!t)
                return refusal(400,
                               "since: not a time (now, -5m, Unix seconds or YYYY-MM-DD HH:MM)");
            since = *t;
        }
        if (auto text = query_value(resource, "limit"); text && !text->empty()) {
            char* end = nullptr;
            const long n = std::strtol(text->c_str(), &end, 10);
            if (*end != '\0' || n < 1 || n > 1000)
                return refusal(400, "limit: a whole number 1..1000");
            limit = static_cast<int>(n);
        }
        try {
            HistoryStore store(db, HistoryAccess::read);
            return {200, "application/json", history_json(store, since, limit) + "\n"};
        } catch (const Error& e) {
            return refusal_for(e);
        }
    };
    routes.recording = [db, heard_after, max_seconds](
                           const std::string& resource) -> std::variant<HttpReply, Download> {
        RecordingAsk ask{query_value(resource, "last"), query_value(resource, "from"),
                         query_value(resource, "to"), query_value(resource, "format")};
        if (!ask.last && !ask.from) ask.last = "60";
        try {
            HistoryStore store(db, HistoryAccess::read);
            auto plan = std::make_shared<RecordingPlan>(
                plan_recording(store, ask, unix_now() - heard_after, max_seconds));
            Download d;
            d.content_type = plan->content_type;
            d.filename = plan->filename;
            d.length = SoundStreamWriter::size(plan->format, plan->frames, 2);
            d.produce = [plan](const std::function<bool(const char*, std::size_t)>& emit) {
                render_recording(*plan, emit);
            };
            return d;
        } catch (const Error& e) {
            return refusal_for(e);
        }
    };
    return routes;
}

}  // namespace ambient
