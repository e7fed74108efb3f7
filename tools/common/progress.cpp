#include "progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace ambient::tool {

namespace {
bool drawn = false;

void clock_text(double seconds, char* out, std::size_t size) {
    auto s = static_cast<long>(seconds);
    std::snprintf(out, size, "%ld:%02ld", s / 60, s % 60);
}
}  // namespace

Progress terminal_progress(bool quiet) {
    if (quiet || !::isatty(STDERR_FILENO)) return {};
    auto last = std::make_shared<std::chrono::steady_clock::time_point>();
    return [last](double done, double total) {
        auto now = std::chrono::steady_clock::now();
        bool finished = total > 0.0 && done >= total;
        if (now - *last < std::chrono::milliseconds(100) && !finished) return;
        *last = now;
        char a[32], b[32];
        clock_text(done, a, sizeof a);
        if (total > 0.0) {
            clock_text(total, b, sizeof b);
            done = std::min(done, total);
            int filled = static_cast<int>(30.0 * done / total);
            char bar[31];
            for (int i = 0; i < 30; ++i) bar[i] = i < filled ? '#' : '.';
            bar[30] = 0;
            std::fprintf(stderr, "\r[%s] %3d%%  %s / %s ", bar,
                         static_cast<int>(100.0 * done / total), a, b);
        } else {
            std::fprintf(stderr, "\rrendered %s ", a);
        }
        drawn = true;
    };
}

void finish_progress() {
    if (drawn) std::fputc('\n', stderr);
    drawn = false;
}

}  // namespace ambient::tool
