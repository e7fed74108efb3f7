// CPU and memory of a process, from /proc, for the operator's plots and /metrics.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>

namespace ambient {

struct ProcUsage {
    double cpu_seconds = 0;          // user + system, since the process started
    std::uint64_t memory_bytes = 0;  // resident
};

// nullopt when the process is gone.
std::optional<ProcUsage> read_proc_usage(pid_t pid);

// Descriptors and threads this process holds: the supervisor's own leak check.
int open_fd_count();
int thread_count();

}  // namespace ambient
