#include "radio/proc_stats.hpp"

#include <dirent.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

namespace ambient {

std::optional<ProcUsage> read_proc_usage(pid_t pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text;
    if (!std::getline(stat, text)) return std::nullopt;
    // The command may hold spaces and parentheses: fields start after the last ')'.
    std::size_t close = text.rfind(')');
    if (close == std::string::npos) return std::nullopt;
    std::istringstream fields(text.substr(close + 2));
    std::string field;
    double utime = 0, stime = 0;
    long rss_pages = 0;
    for (int i = 3; fields >> field; ++i) {  // field 3 is the state
        if (i == 14) utime = std::stod(field);
        if (i == 15) stime = std::stod(field);
        if (i == 24) {
            rss_pages = std::stol(field);
            break;
        }
    }
    static const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
    static const long page = ::sysconf(_SC_PAGESIZE);
    return ProcUsage{(utime + stime) / ticks, static_cast<std::uint64_t>(rss_pages * page)};
}

namespace {
int entries(const char* folder) {
    DIR* d = ::opendir(folder);
    if (!d) return -1;
    int n = 0;
    while (dirent* e = ::readdir(d))
        if (e->d_name[0] != '.') ++n;
    ::closedir(d);
    return n - (std::string(folder) == "/proc/self/fd" ? 1 : 0);  // opendir's own
}
}  // namespace

int open_fd_count() {
    return entries("/proc/self/fd");
}

int thread_count() {
    return entries("/proc/self/task");
}

}  // namespace ambient
