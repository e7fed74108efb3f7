// What every ambient program shares at its edge: flag parsing with CLI11, and one
// mapping from errors to messages on stderr and sysexits codes.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "compose/control.hpp"
#include "core/pcm.hpp"
#include "phrase/phrase.hpp"

namespace ambient::tool {

// Parses flags and runs `body`: help and --version go to stdout with status 0; a bad
// flag is status 64; an ambient::Error its own code; a closed output pipe a quiet 0.
// Messages read `PROGRAM: error: WHAT (WHERE)`.
int run(CLI::App& app, int argc, char** argv, const std::function<void()>& body);

// `PROGRAM: warning: WHAT (WHERE)` on stderr.
void warn(const std::string& what, const std::string& where);

// Every program's command line: CLI11 with --version from the project version.
class App : public CLI::App {
  public:
    App(const std::string& description, const std::string& name);
};

// A flag for a field of the control schema (compose/control.hpp): its default, range or
// choices and help come from the schema, so the flag and the control API agree.
CLI::Option* add_control_option(CLI::App& app, const std::string& flags, const std::string& field,
                                std::string& value);
CLI::Option* add_control_option(CLI::App& app, const std::string& flags, const std::string& field,
                                double& value);

// --seed N; `help` says what the seed drives.
CLI::Option* add_seed_option(CLI::App& app, std::uint64_t& seed, const std::string& help);

// -f/--format, -r/--rate and -c/--channels of a raw PCM stream (DESIGN.md, PCM), for the
// programs that read any rate (ambient-fx, ambient-stream).
struct PcmFlags {
    std::string format = "f32le";
    int rate = 48000;
    int channels = 2;
    void add_to(CLI::App& app, const std::string& rate_help = "Sample rate, Hz");
    PcmFormat parsed() const { return PcmFormat{*parse_encoding(format), rate, channels}; }
};

// The shape of a phrase filter (ambient-melody, ambient-perc): an optional INPUT file
// (default "-", stdin), --skip-bad, and the loop from phrases in to phrases out.
struct FilterOptions {
    std::string input = "-";
    bool skip_bad = false;
    std::string control;  // --control FILE: live bpm and intensity from the next phrase
    static constexpr bool follow_control = true;
    // INPUT and --skip-bad; with `control`, --control too (the stages that follow it).
    void add_to(CLI::App& app, bool control = false);
};
void run_filter(const FilterOptions& options, const std::function<void(Phrase&)>& transform);
// The same, with the control file's newest values (empty without --control) for a stage
// that follows more of it than a phrase carries (ambient-melody's model).
void run_filter(const FilterOptions& options,
                const std::function<void(Phrase&, const ControlValues&)>& transform);

// A composing stage after the chords (ambient-melody, ambient-perc): the filter's flags
// with --control, --seed mixed with each phrase's own, and --density 0..1.
struct StageOptions {
    FilterOptions filter;
    std::uint64_t seed = 0;
    std::optional<double> density;  // nullopt: from each phrase's intensity
    void add_to(CLI::App& app, const std::string& density_help);
};

}  // namespace ambient::tool
