// ambient-melody: adds a melody that fits each phrase's chords.
#include "compose/melody.hpp"
#include "compose/pitch.hpp"
#include "tool.hpp"

using namespace ambient;

int main(int argc, char** argv) {
    CLI::App app{
        "Add a constraint-based melody to each phrase read (JSON Lines in, JSON Lines out).",
        "ambient-melody"};
    tool::add_version_flag(app);
    tool::FilterOptions filter;
    filter.add_to(app);
    filter.add_control_to(app);
    std::uint64_t seed = 0;
    std::string range = "60:84";
    std::optional<double> density;
    tool::add_seed_option(
        app, seed, "Random seed mixed with each phrase's own seed (0: the phrase's seed alone)")
        ->capture_default_str();
    app.add_option("--range", range, "Melody range LOW:HIGH (MIDI numbers or names such as C4)")
        ->check([](const std::string& s) {
            return parse_note_range(s) ? "" : "expected LOW:HIGH, e.g. 60:84";
        })
        ->capture_default_str();
    app.add_option("--density", density,
                   "0 sparse … 1 dense (default: from each phrase's intensity)")
        ->check(CLI::Range(0.0, 1.0));

    return tool::run(app, argc, argv, [&] {
        auto [low, high] = *parse_note_range(range);
        MelodySettings settings{low, high, density};
        tool::run_filter(filter, [&](Phrase& p) { compose_melody(p, settings, seed); });
    });
}
