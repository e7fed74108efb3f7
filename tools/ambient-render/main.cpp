// ambient-render: phrases in, audio out (raw PCM on stdout, or a file).
#include <unistd.h>

#include <iostream>

#include "audio/meta_output.hpp"
#include "audio/patch_file.hpp"
#include "audio/renderer.hpp"
#include "compose/timbres.hpp"
#include "core/error.hpp"
#include "phrase/phrase_stream.hpp"
#include "progress.hpp"
#include "tool.hpp"

using namespace ambient;

int main(int argc, char** argv) {
    tool::App app{
        "Synthesise phrases (JSON Lines) into audio: pads, lead, percussion, reverb, delay, "
        "limiter.",
        "ambient-render"};
    tool::FilterOptions input;
    input.add_to(app, tool::FilterOptions::follow_control);
    std::string output, format = "f32le", bits = "24", preset_name = "drift", patch_path,
                        loudness = "auto";
    int rate = 48000, channels = 2;
    std::uint64_t seed = 0;
    bool quiet = false, print_patch = false, list_params = false, list_presets = false;
    app.add_option("-o,--output", output,
                   "Write a file instead of raw PCM on stdout (" + sound_file_extensions() + ")");
    app.add_option("-f,--format", format, "Raw sample format on stdout")
        ->check(CLI::IsMember({"f32le", "s16le"}))
        ->capture_default_str();
    app.add_option("-r,--rate", rate, "Sample rate, Hz")
        ->check(CLI::IsMember({44100, 48000, 96000}))
        ->capture_default_str();
    app.add_option("-c,--channels", channels, "1 (mono) or 2 (stereo)")
        ->check(CLI::IsMember({1, 2}))
        ->capture_default_str();
    app.add_option("--bits", bits, "Sample format of a .wav, .flac or .aiff file: 16, 24 or float")
        ->check(CLI::IsMember({"16", "24", "float"}))
        ->capture_default_str();
    app.add_option("--preset", preset_name,
                   "Timbre to start in (see --list-presets); a phrase's \"preset\" or the "
                   "control file's morphs to another")
        ->check(CLI::IsMember(preset_names()))
        ->capture_default_str();
    app.add_flag("--list-presets", list_presets,
                 "Print the presets, one a line with its character, and exit");
    app.add_option("--patch", patch_path,
                   "JSON file of parameters over the preset (see --print-patch)");
    app.add_flag("--print-patch", print_patch, "Print the patch in use as JSON and exit");
    app.add_flag("--list-params", list_params,
                 "List every patch parameter (default, range, unit, meaning) and exit");
    tool::add_seed_option(app, seed, "Seed of the noise and the oscillators' phases")
        ->capture_default_str();
    app.add_option("--loudness", loudness,
                   "auto (measure for files, live for stdout), measure (two passes, exact), live "
                   "(follow while "
                   "playing) or off")
        ->check(CLI::IsMember({"auto", "measure", "live", "off"}))
        ->capture_default_str();
    std::string meta;
    app.add_option("--meta", meta,
                   "Write what is playing (phrase, chord, key, bpm, control version) with its "
                   "sample position as JSON lines to this file or FIFO");
    app.add_flag("-q,--quiet", quiet, "No progress line on a terminal");

    return tool::run(app, argc, argv, [&] {
        PerformanceSettings s;
        s.rate = rate;
        s.seed = seed;
        s.patch = preset(preset_name);
        if (!patch_path.empty()) {
            s.patch_overrides = load_patch_overrides(patch_path, s.patch);
            s.patch = patch_from_json(s.patch_overrides, s.patch);
        }
        s.control_file = input.control;
        s.warn = tool::warn;
        if (list_presets) {
            for (const Timbre& t : timbres()) std::cout << t.name << '\t' << t.character << '\n';
            return;
        }
        if (list_params) {
            std::cout << patch_param_table();
            return;
        }
        if (print_patch) {
            std::cout << patch_to_json(s.patch).dump(2) << '\n';
            return;
        }
        if (output.empty() && ::isatty(STDOUT_FILENO))
            throw Error(ErrorKind::usage,
                        "stdout is a terminal: pipe the PCM somewhere or write a file with -o",
                        "command line");
        LoudnessMode mode = loudness == "measure" ? LoudnessMode::measure
                            : loudness == "live"  ? LoudnessMode::live
                            : loudness == "off"   ? LoudnessMode::off
                            : output.empty()      ? LoudnessMode::live
                                                  : LoudnessMode::measure;

        std::unique_ptr<MetaOutput> meta_out;
        if (!meta.empty()) {
            meta_out = std::make_unique<MetaOutput>(meta, tool::warn);
            s.on_playing = [&](const std::string& line) { meta_out->write_line(line); };
        }
        NamedInput in = open_input(input.input);
        PhraseReader reader(*in.stream, in.name, input.skip_bad, tool::warn);
        PhraseSource source = [&] { return reader.next(); };
        Progress progress = tool::terminal_progress(quiet);
        if (output.empty()) {
            PcmFormat pcm{*parse_encoding(format), rate, channels};
            render_raw(STDOUT_FILENO, pcm, s, mode, source, progress);
        } else {
            FileBits b = bits == "16"   ? FileBits::pcm16
                         : bits == "24" ? FileBits::pcm24
                                        : FileBits::float32;
            render_file(output, channels, b, s, mode, source, progress);
        }
        tool::finish_progress();
    });
}
