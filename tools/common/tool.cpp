#include "tool.hpp"

#include <memory>

#include "compose/control.hpp"

#include <unistd.h>

#include <iostream>

#include "core/error.hpp"
#include "core/io.hpp"
#include "phrase/phrase_stream.hpp"
#include "version.hpp"

namespace ambient::tool {

namespace {
std::string program = "ambient";

void report(const char* level, const std::string& what, const std::string& where) {
    std::cerr << program << ": " << level << ": " << what;
    if (!where.empty()) std::cerr << " (" << where << ")";
    std::cerr << std::endl;
}
}  // namespace

void warn(const std::string& what, const std::string& where) {
    report("warning", what, where);
}

int run(CLI::App& app, int argc, char** argv, const std::function<void()>& body) {
    program = app.get_name();
    ignore_sigpipe();
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        report("error", e.what(), "command line; see --help");
        return static_cast<int>(ExitCode::usage);
    }
    try {
        body();
        return 0;
    } catch (const OutputClosed&) {
        return 0;  // our reader has gone: not an error in a pipeline
    } catch (const Error& e) {
        report("error", e.what(), e.where());
        return static_cast<int>(e.code());
    } catch (const std::exception& e) {
        report("error", std::string("internal error: ") + e.what(), "");
        return 70;  // EX_SOFTWARE
    }
}

void add_version_flag(CLI::App& app) {
    app.set_version_flag("--version", std::string(app.get_name()) + " " + project_version);
}

CLI::Option* add_seed_option(CLI::App& app, std::uint64_t& seed, const std::string& help) {
    // Below 2^53, so that a seed recorded in a phrase survives any JSON reader exactly.
    return app.add_option("--seed", seed, help)
        ->check(CLI::Range(std::uint64_t{0}, (std::uint64_t{1} << 53) - 1));
}

void PcmFlags::add_to(CLI::App& app, const std::string& rate_help) {
    app.add_option("-f,--format", format, "Sample format")
        ->check(CLI::IsMember({"f32le", "s16le"}))
        ->capture_default_str();
    app.add_option("-r,--rate", rate, rate_help)
        ->check(CLI::Range(8000, 384000))
        ->capture_default_str();
    app.add_option("-c,--channels", channels, "1 (mono) or 2 (stereo)")
        ->check(CLI::IsMember({1, 2}))
        ->capture_default_str();
}

void FilterOptions::add_to(CLI::App& app) {
    app.add_option("input", input, "Phrases to read, one JSON object per line (- for stdin)")
        ->capture_default_str();
    app.add_flag("--skip-bad", skip_bad,
                 "Skip a malformed phrase with a warning instead of stopping (exit 65)");
}

void FilterOptions::add_control_to(CLI::App& app) {
    app.add_option("--control", control,
                   "Control file (JSON) to follow live: bpm and intensity (ambient-render: also "
                   "key, within a block)");
}

void run_filter(const FilterOptions& options, const std::function<void(Phrase&)>& transform) {
    NamedInput in = open_input(options.input);
    PhraseReader reader(*in.stream, in.name, options.skip_bad, warn);
    PhraseWriter writer(STDOUT_FILENO);
    std::unique_ptr<ControlWatcher> watcher;
    if (!options.control.empty()) watcher = std::make_unique<ControlWatcher>(options.control, warn);
    run_phrase_filter(reader, writer, [&](Phrase& p) {
        try {
            if (watcher) {
                watcher->poll();
                apply_live_control(p, watcher->values());
            }
            transform(p);
        } catch (const std::exception& e) {
            // The phrase parsed but its music does not make sense (an unknown mode, say).
            throw Error(ExitCode::data, std::string("bad phrase: ") + e.what(),
                        in.name + " line " + std::to_string(reader.line_number()));
        }
    });
}

}  // namespace ambient::tool
