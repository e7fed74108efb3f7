// ambient-chords: Markov chord progressions in a key and mode, as phrases on stdout.
#include <unistd.h>

#include <memory>
#include <random>

#include "compose/chord_composer.hpp"
#include "compose/pitch.hpp"
#include "control/control_file.hpp"
#include "phrase/phrase_stream.hpp"
#include "tool.hpp"

using namespace ambient;

int main(int argc, char** argv) {
    tool::App app{
        "Compose chord progressions from a Markov chain and print them as phrases (JSON Lines).",
        "ambient-chords"};

    std::string key, mode, colour = "auto", meter = "4/4", pad = "48:72";
    std::string transitions, control;
    double bpm = 0.0, intensity = 0.0;
    int bars = 8, order = 1;
    std::uint64_t phrases = 1, seed = 0;
    bool endless = false;

    tool::add_control_option(app, "-k,--key", "key", key);
    tool::add_control_option(app, "-m,--mode", "mode", mode);
    tool::add_control_option(app, "-b,--bpm", "bpm", bpm);
    app.add_option("--bars", bars, "Bars per phrase")
        ->check(CLI::Range(1, 64))
        ->capture_default_str();
    app.add_option("--meter", meter, "Time signature N/4, e.g. 3/4")
        ->check(CLI::IsMember({"2/4", "3/4", "4/4", "5/4", "6/4", "7/4"}))
        ->capture_default_str();
    auto* count = app.add_option("-n,--phrases", phrases, "Number of phrases to write")
                      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 40))
                      ->capture_default_str();
    app.add_flag("--endless", endless, "Write phrases until stopped, one ahead of the reader")
        ->excludes(count);
    auto* seed_opt = tool::add_seed_option(
        app, seed, "Random seed (default: a new one each run, recorded in every phrase)");
    tool::add_control_option(app, "-i,--intensity", "intensity", intensity);
    app.add_option("--colour", colour,
                   "Chord colour: auto (by intensity), triad, sus2, sus4, add9 or 7")
        ->check(CLI::IsMember({"auto", "triad", "sus2", "sus4", "add9", "7"}))
        ->capture_default_str();
    app.add_option("--order", order, "Markov chain order, 1 or 2")
        ->check(CLI::IsMember({1, 2}))
        ->capture_default_str();
    app.add_option("--transitions", transitions,
                   "JSON file with a transition table replacing the built-in one");
    app.add_option("--register", pad,
                   "Pad voicing range LOW:HIGH (MIDI numbers or names such as C3)")
        ->check([](const std::string& s) {
            return parse_note_range(s) ? "" : "expected LOW:HIGH, e.g. 48:72";
        })
        ->capture_default_str();
    app.add_option("--control", control,
                   "Control file (JSON) to follow: its values apply from the next phrase");

    return tool::run(app, argc, argv, [&] {
        if (!*seed_opt)
            seed =
                ((std::uint64_t{std::random_device{}()} << 32) ^ std::random_device{}()) & max_seed;
        ChordSettings s;
        s.key_name = key;
        s.key = Key{*parse_pitch_class(key), *parse_mode(mode)};
        s.bpm = bpm;
        s.bars = bars;
        s.meter = Meter{meter[0] - '0', 4};
        s.intensity = intensity;
        if (colour != "auto") s.colour = parse_colour(colour);
        auto range = *parse_note_range(pad);
        s.pad_register = {range.first, range.second};

        std::optional<TransitionTable> table;
        if (!transitions.empty()) table = load_transition_file(transitions, s.key);
        ChordComposer composer(s, table, order, seed);
        std::unique_ptr<ControlFile> control_file;
        if (!control.empty()) control_file = std::make_unique<ControlFile>(control, tool::warn);

        PhraseWriter writer(STDOUT_FILENO);
        for (std::uint64_t n = 0; endless || n < phrases; ++n) {
            writer.wait_until_taken();  // compose only when the reader wants the next phrase
            if (control_file && control_file->poll()) composer.apply(control_file->values());
            writer.write(composer.next());
        }
    });
}
