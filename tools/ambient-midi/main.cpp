// ambient-midi: plays phrases on MIDI hardware in real time, or writes a MIDI file.
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <iostream>

#include "core/error.hpp"
#include "core/io.hpp"
#include "midi/midi_file.hpp"
#include "midi/midi_output.hpp"
#include "midi/player.hpp"
#include "phrase/phrase_stream.hpp"
#include "tool.hpp"

using namespace ambient;

namespace {
std::atomic<bool> stop_requested{false};
extern "C" void on_signal(int) {
    stop_requested.store(true);
}

void catch_stop_signals() {
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags =
        0;  // no SA_RESTART: a blocked read returns, so a stop is never stuck behind input
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
}
}  // namespace

int main(int argc, char** argv) {
    tool::App app{"Play phrases on MIDI synths in real time, or write a Standard MIDI File.",
                  "ambient-midi"};
    tool::FilterOptions input;
    input.add_to(app);
    std::string output, port, virtual_port, api = "auto";
    bool list = false, clock = false, no_programs = false, timing = false;
    MidiMapping m;
    int pad = 1, melody = 2, perc = 10, bell = 3;
    app.add_option("-o,--output", output,
                   "Write a Standard MIDI File (- for stdout) instead of playing");
    app.add_flag("--list", list, "List the MIDI output ports, numbered, and exit");
    app.add_option("--port", port,
                   "Play on this output port: its number, or its name or a part of it");
    app.add_option("--virtual", virtual_port,
                   "Create a virtual output port with this name and play on it");
    app.add_option("--api", api, "MIDI system: auto (ALSA where it works, else JACK), alsa or jack")
        ->check(CLI::IsMember({"auto", "alsa", "jack"}))
        ->capture_default_str();
    auto channel = [&](const char* flag, int& value, const char* help) {
        app.add_option(flag, value, help)->check(CLI::Range(1, 16))->capture_default_str();
    };
    channel("--channel-pad", pad, "Channel of the chords, 1-16");
    channel("--channel-melody", melody, "Channel of the melody");
    channel("--channel-perc", perc, "Channel of the drums (General MIDI: 10)");
    channel("--channel-bell", bell, "Channel of the pitched bells");
    auto program = [&](const char* flag, int& value, const char* help) {
        app.add_option(flag, value, help)->check(CLI::Range(-1, 127))->capture_default_str();
    };
    program("--program-pad", m.pad_program,
            "Program (0-127, GM numbering from 0) for the chords; -1 none");
    program("--program-melody", m.melody_program, "Program for the melody; -1 none");
    program("--program-bell", m.bell_program, "Program for the bells; -1 none");
    app.add_flag("--no-programs", no_programs,
                 "Send no program changes (keep the synth's own sounds)");
    app.add_option("--drum-kick", m.drum_notes[PercussionSound::kick], "Drum note of a kick")
        ->check(CLI::Range(0, 127))
        ->capture_default_str();
    app.add_option("--drum-swell", m.drum_notes[PercussionSound::swell],
                   "Drum note marking a swell's arrival")
        ->check(CLI::Range(0, 127))
        ->capture_default_str();
    app.add_option("--drum-noise", m.drum_notes[PercussionSound::tick], "Drum note of a noise tick")
        ->check(CLI::Range(0, 127))
        ->capture_default_str();
    app.add_flag("--clock", clock, "Send MIDI clock (24 per quarter note) with Start and Stop");
    app.add_flag("--timing", timing,
                 "At the end, print how late messages were sent (JSON on stderr)");

    return tool::run(app, argc, argv, [&] {
        m.pad_channel = pad - 1;
        m.melody_channel = melody - 1;
        m.drum_channel = perc - 1;
        m.bell_channel = bell - 1;
        if (no_programs) m.pad_program = m.melody_program = m.bell_program = -1;
        MidiApi midi_api = api == "alsa"   ? MidiApi::alsa
                           : api == "jack" ? MidiApi::jack
                                           : MidiApi::automatic;

        if (list) {
            MidiOutput out(midi_api, "ambient-midi");
            auto ports = out.ports();
            if (ports.empty()) std::cout << "no MIDI output ports (" << out.api_name() << ")\n";
            for (std::size_t i = 0; i < ports.size(); ++i)
                std::cout << i << ": " << ports[i] << "\n";
            return;
        }
        NamedInput in = open_input(input.input);
        PhraseReader reader(*in.stream, in.name, input.skip_bad, tool::warn);
        if (!output.empty()) {
            MidiFileWriter writer(MidiFileSettings{480, m});
            GuardedSource source([&] { return reader.next(); });
            while (auto p = source()) writer.add(*p);
            write_midi_file(output, writer.bytes());
            source.rethrow();
            return;
        }
        if (port.empty() && virtual_port.empty())
            throw Error(ErrorKind::usage,
                        "say where to play (--port or --virtual) or write a file with -o",
                        "command line");
        catch_stop_signals();
        MidiOutput out(midi_api, "ambient-midi");
        if (!virtual_port.empty())
            out.open_virtual(virtual_port);
        else
            out.open(port);
        PlayerSettings settings;
        settings.mapping = m;
        settings.program_changes = !no_programs;
        settings.clock = clock;
        Player player(out, settings, stop_requested);
        GuardedSource source([&] { return reader.next(); });
        player.play([&] { return source(); });
        if (timing) {
            TimingReport t = player.timing();
            std::cerr << R"({"messages":)" << t.messages << R"(,"late_p50_us":)" << t.p50_us
                      << R"(,"late_p99_us":)" << t.p99_us << R"(,"late_max_us":)" << t.max_us
                      << "}\n";
        }
        source.rethrow();
    });
}
