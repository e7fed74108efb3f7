// Starting one stage of the radio: a program with chosen descriptors as its stdin, stdout,
// stderr and extras, in a process group of its own (so a terminal's Ctrl-C reaches the
// supervisor, which stops the stages in order), and dying with the supervisor if that is
// killed outright (no stage is ever left behind).
#pragma once

#include <sys/types.h>

#include <string>
#include <utility>
#include <vector>

namespace ambient {

struct ChildSpec {
    std::vector<std::string> argv;         // argv[0] is the program's path
    std::vector<std::pair<int, int>> fds;  // {descriptor in the child, descriptor here}
};

// Starts the program and returns its pid. Error(unavailable) naming it if it cannot be
// run (no such file, not executable): reported by the child before exec, not guessed.
pid_t start_child(const ChildSpec& spec);

// "exit 3", "signal 9 (KILL)": a wait status in words.
std::string describe_exit(int wait_status);
// True when the status is a failure: a signal or a non-zero exit.
bool exit_failed(int wait_status);

}  // namespace ambient
