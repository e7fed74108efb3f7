// Errors that carry their sysexits code, so every program maps them to an exit
// status the same way (DESIGN.md: 64 usage, 65 data, 66 no input, 69 unavailable, 74 I/O).
#pragma once

#include <stdexcept>
#include <string>

namespace ambient {

enum class ExitCode : int {
    ok = 0,
    usage = 64,
    data = 65,
    no_input = 66,
    unavailable = 69,
    io = 74,
};

// An error a user can act on: WHAT went wrong and WHERE (a file and line, a flag, a field).
class Error : public std::runtime_error {
  public:
    Error(ExitCode code, const std::string& what, std::string where = {})
        : std::runtime_error(what), code_(code), where_(std::move(where)) {}

    ExitCode code() const noexcept { return code_; }
    const std::string& where() const noexcept { return where_; }

  private:
    ExitCode code_;
    std::string where_;
};

// The reader of our output went away (EPIPE): the program ends quietly with status 0.
class OutputClosed : public std::exception {
  public:
    const char* what() const noexcept override { return "output closed"; }
};

}  // namespace ambient
