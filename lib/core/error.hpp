// Errors a user can act on. The library says what kind of thing went wrong and where (a
// file and line, a field, a setting); it never names a program, a flag or an exit status:
// tools/common maps kinds to sysexits codes and settings to the flags that set them.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace ambient {

enum class ErrorKind {
    usage,        // a setting the caller chose cannot work (a flag, an option struct)
    data,         // input that is not what it should be: a phrase, a patch, PCM
    no_input,     // a file or folder to read is not there
    unavailable,  // a service or device: a port taken, no MIDI system
    io,           // reading or writing failed
    internal,     // a bug of ours
};

// Where the fault is; any part may be empty. `setting` is the library's name of an option
// ("web-root", "channels"); a program shows the flag that sets it.
struct Place {
    std::string file;  // a path, or "stdin", an address, a device
    std::uint64_t line = 0;
    std::string field;    // a field of a JSON record: "chords[2].pitches", "bpm"
    std::string setting;  // an option the caller gave

    Place() = default;
    Place(std::string file_, std::uint64_t line_ = 0, std::string field_ = {})
        : file(std::move(file_)), line(line_), field(std::move(field_)) {}
    Place(const char* file_) : file(file_) {}
    static Place of_field(std::string name) { return Place({}, 0, std::move(name)); }
    static Place of_setting(std::string name, std::string value = {}) {
        Place p(std::move(value));
        p.setting = std::move(name);
        return p;
    }

    bool empty() const { return file.empty() && line == 0 && field.empty() && setting.empty(); }
    // "phrases.jsonl line 3, field bpm"; a setting reads "setting NAME VALUE".
    std::string text() const;
};

class Error : public std::runtime_error {
  public:
    Error(ErrorKind kind, const std::string& what, Place where = {})
        : std::runtime_error(what), kind_(kind), where_(std::move(where)) {}

    ErrorKind kind() const noexcept { return kind_; }
    const Place& where() const noexcept { return where_; }

  private:
    ErrorKind kind_;
    Place where_;
};

// The reader of our output went away (EPIPE): the program ends quietly with status 0.
class OutputClosed : public std::exception {
  public:
    const char* what() const noexcept override { return "output closed"; }
};

}  // namespace ambient
