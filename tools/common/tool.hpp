// What every ambient program shares at its edge: flag parsing with CLI11, and one
// mapping from errors to messages on stderr and sysexits codes.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <string>

#include "core/pcm.hpp"
#include "phrase/phrase.hpp"

namespace ambient::tool {

// Parses flags and runs `body`: help and --version go to stdout with status 0; a bad
// flag is status 64; an ambient::Error its own code; a closed output pipe a quiet 0.
// Messages read `PROGRAM: error: WHAT (WHERE)`.
int run(CLI::App& app, int argc, char** argv, const std::function<void()>& body);

// `PROGRAM: warning: WHAT (WHERE)` on stderr.
void warn(const std::string& what, const std::string& where);

// --version, from the project version.
void add_version_flag(CLI::App& app);

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
    void add_to(CLI::App& app);
    void add_control_to(CLI::App& app);  // --control, for the stages that follow it
};
void run_filter(const FilterOptions& options, const std::function<void(Phrase&)>& transform);

}  // namespace ambient::tool
