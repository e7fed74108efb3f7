#include "tool.hpp"

#include <memory>

#include "control/control_file.hpp"

#include <unistd.h>

#include <iostream>

#include "core/error.hpp"
#include "core/io.hpp"
#include "phrase/phrase_stream.hpp"
#include "version.hpp"

namespace ambient::tool {

namespace {
std::string program = "ambient";

// sysexits(3): what each kind of error means to the shell.
int exit_code(ErrorKind kind) {
    constexpr std::pair<ErrorKind, int> codes[] = {
        {ErrorKind::usage, 64},       {ErrorKind::data, 65}, {ErrorKind::no_input, 66},
        {ErrorKind::unavailable, 69}, {ErrorKind::io, 74},   {ErrorKind::internal, 70}};
    for (auto [k, code] : codes)
        if (k == kind) return code;
    return 70;  // EX_SOFTWARE
}

// The library names a setting; the user knows it by the flag that sets it.
std::string where_text(const CLI::App& app, const Place& where) {
    if (where.setting.empty()) return where.text();
    const CLI::Option* flag = app.get_option_no_throw("--" + where.setting);
    if (!flag) return where.text();
    Place rest = where;
    rest.setting.clear();
    rest.file.clear();
    std::string text = "--" + where.setting + (where.file.empty() ? "" : " " + where.file);
    return rest.empty() ? text : text + ", " + rest.text();
}

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
        return exit_code(ErrorKind::usage);
    }
    try {
        body();
        return 0;
    } catch (const OutputClosed&) {
        return 0;  // our reader has gone: not an error in a pipeline
    } catch (const Error& e) {
        report("error", e.what(), where_text(app, e.where()));
        return exit_code(e.kind());
    } catch (const std::bad_alloc&) {
        report("error", "out of memory", "");
        return exit_code(ErrorKind::internal);
    } catch (const std::exception& e) {
        report("error", std::string("internal error: ") + e.what(), "");
        return exit_code(ErrorKind::internal);
    }
}

App::App(const std::string& description, const std::string& name) : CLI::App(description, name) {
    set_version_flag("--version", name + " " + project_version);
}

CLI::Option* add_control_option(CLI::App& app, const std::string& flags, const std::string& field,
                                std::string& value) {
    const ControlField& f = control_field(field);
    value = f.default_text();
    std::string help = f.help + " (";
    for (const auto& c : f.choices) help += c + (&c == &f.choices.back() ? ")" : ", ");
    return app.add_option(flags, value, help)
        ->check([&f](const std::string& s) {
            ControlValues v;
            try {
                f.read(Json(s), v);
            } catch (const Error&) {
                return f.expectation() + ", not " + s;
            }
            return std::string();
        })
        ->capture_default_str();
}

CLI::Option* add_control_option(CLI::App& app, const std::string& flags, const std::string& field,
                                double& value) {
    const ControlField& f = control_field(field);
    value = f.default_number();
    return app.add_option(flags, value, f.help)
        ->check(CLI::Range(f.min, f.max))
        ->capture_default_str();
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

void FilterOptions::add_to(CLI::App& app, bool with_control) {
    app.add_option("input", input, "Phrases to read, one JSON object per line (- for stdin)")
        ->capture_default_str();
    app.add_flag("--skip-bad", skip_bad,
                 "Skip a malformed phrase with a warning instead of stopping (exit 65)");
    if (!with_control) return;
    app.add_option("--control", control,
                   "Control file (JSON) to follow live: bpm and intensity (ambient-render: also "
                   "key, within a block)");
}

void StageOptions::add_to(CLI::App& app, const std::string& density_help) {
    filter.add_to(app, FilterOptions::follow_control);
    add_seed_option(app, seed,
                    "Random seed mixed with each phrase's own seed (0: the phrase's seed alone)")
        ->capture_default_str();
    app.add_option("--density", density, density_help)->check(CLI::Range(0.0, 1.0));
}

void run_filter(const FilterOptions& options, const std::function<void(Phrase&)>& transform) {
    run_filter(options, [&](Phrase& p, const ControlValues&) { transform(p); });
}

void run_filter(const FilterOptions& options,
                const std::function<void(Phrase&, const ControlValues&)>& transform) {
    NamedInput in = open_input(options.input);
    PhraseReader reader(*in.stream, in.name, options.skip_bad, warn);
    PhraseWriter writer(STDOUT_FILENO);
    std::unique_ptr<ControlFile> control;
    if (!options.control.empty()) control = std::make_unique<ControlFile>(options.control, warn);
    LiveControl live;
    run_phrase_filter(reader, writer, [&](Phrase& p) {
        try {
            if (control) {
                if (control->poll()) live.follow(control->values());
                live.apply(p);
            }
            transform(p, live.values());
        } catch (const Error& e) {
            if (e.kind() != ErrorKind::data) throw;
            // The phrase parsed but its music does not make sense (an unknown mode, say).
            throw Error(ErrorKind::data, std::string("bad phrase: ") + e.what(),
                        Place(in.name, reader.line_number()));
        }
    });
}

}  // namespace ambient::tool
