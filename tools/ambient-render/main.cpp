// ambient-render: phrases in, audio out (raw PCM on stdout, or a file).
#include <unistd.h>

#include <chrono>
#include <iostream>

#include "audio/meta_output.hpp"
#include "audio/patch_file.hpp"
#include "audio/renderer.hpp"
#include "compose/timbres.hpp"
#include "core/error.hpp"
#include "history/history_recorder.hpp"
#include "history/replay.hpp"
#include "phrase/phrase_stream.hpp"
#include "progress.hpp"
#include "tool.hpp"

using namespace ambient;

namespace {

FileBits file_bits(const std::string& bits) {
    return bits == "16" ? FileBits::pcm16 : bits == "24" ? FileBits::pcm24 : FileBits::float32;
}

// --history DB --from TIME --to TIME: the stretch rendered again, to a file or stdout.
void replay_to(const std::string& history, const std::string& from, const std::string& to,
               const std::string& output, PcmFormat pcm, const std::string& bits) {
    if (history.empty())
        throw Error(ErrorKind::usage, "--from needs --history", Place::of_setting("from", from));
    const double now =
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    ReplayRequest r;
    const auto f = parse_history_time(from, now), t = parse_history_time(to, now);
    if (!f) throw Error(ErrorKind::usage, "not a time", Place::of_setting("from", from));
    if (!t) throw Error(ErrorKind::usage, "not a time", Place::of_setting("to", to));
    r.from = *f;
    r.to = *t;
    HistoryStore store(history, HistoryAccess::read);  // never made, never locked
    const auto stretches = stretch_to_replay(store, r);
    pcm.rate = stretches.front().run.rate;
    if (output.empty()) {
        PcmEncoder encoder(pcm);
        std::string bytes;
        replay(stretches, r, [&](const float* b, int n) {
            bytes.clear();
            encoder.encode(b, n, bytes);
            write_all(STDOUT_FILENO, bytes);
        });
        return;
    }
    SoundFileWriter writer(output, pcm.rate, pcm.channels, file_bits(bits));
    std::vector<float> mono;
    replay(stretches, r, [&](const float* b, int n) {
        if (pcm.channels == 2) return writer.write(b, n);
        mono.resize(static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i)
            mono[static_cast<std::size_t>(i)] = 0.5f * (b[2 * i] + b[2 * i + 1]);
        writer.write(mono.data(), n);
    });
    writer.close();
}

}  // namespace

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
    std::string history;
    double history_days = 7;
    app.add_option("--history", history,
                   "Keep what is played in this SQLite file (ambient-render(1) HISTORY): each "
                   "phrase and control change, with its sample and time");
    app.add_option("--history-days", history_days, "Forget what is older than this, in days")
        ->check(CLI::Range(0.001, 3650.0))
        ->capture_default_str();
    std::string from_text, to_text = "now";
    app.add_option("--from", from_text,
                   "With --history: render again what played from TIME (local \"2026-12-06 "
                   "21:30\", Unix seconds, or -20s, -5m, -1h ago)");
    app.add_option("--to", to_text, "With --history and --from: until TIME")->capture_default_str();
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
        if (!from_text.empty()) {
            replay_to(history, from_text, to_text, output,
                      PcmFormat{*parse_encoding(format), rate, channels}, bits);
            return;
        }
        std::unique_ptr<HistoryRecorder> recorder;
        if (!history.empty()) {
            HistoryRun run;
            run.rate = rate;
            run.seed = seed;
            run.preset = preset_name;
            run.patch = s.patch_overrides;
            run.loudness = mode == LoudnessMode::live ? "live" : "off";
            recorder = std::make_unique<HistoryRecorder>(history, run, history_days, tool::warn);
            s.on_scheduled = [&](const Phrase& p, double start, std::int64_t now, double gain_db) {
                recorder->phrase(p, start, now, gain_db);
            };
            s.on_control = [&](const ControlValues& all, std::int64_t sample) {
                recorder->control(all, sample);
            };
        }
        NamedInput in = open_input(input.input);
        PhraseReader reader(*in.stream, in.name, input.skip_bad, tool::warn);
        PhraseSource source = [&] { return reader.next(); };
        Progress progress = tool::terminal_progress(quiet);
        if (output.empty()) {
            PcmFormat pcm{*parse_encoding(format), rate, channels};
            render_raw(STDOUT_FILENO, pcm, s, mode, source, progress);
        } else {
            render_file(output, channels, file_bits(bits), s, mode, source, progress);
        }
        tool::finish_progress();
    });
}
