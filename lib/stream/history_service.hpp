// The station's history served (GET /api/history, GET /api/recording): the server's
// HistoryRoutes, filled in from lib/history. Each request opens the database on its own,
// beside the renderer that writes it (SQLite's WAL lets one write while others read).
#pragma once

#include <string>

#include "stream/history_routes.hpp"

namespace ambient {

// Routes for the history in `db` (ambient-stream --history). `heard_after`: seconds from
// the renderer making a sample to listeners hearing it (the stream's buffer), so "the last
// minute" is the minute they heard. `max_seconds`: the longest recording one request may
// ask for.
HistoryRoutes history_routes(const std::string& db, double heard_after = 0,
                             double max_seconds = 3600);

}  // namespace ambient
