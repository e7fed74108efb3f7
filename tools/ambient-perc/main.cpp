// ambient-perc: adds sparse percussion and texture events to each phrase.
#include "compose/percussion.hpp"
#include "tool.hpp"

using namespace ambient;

int main(int argc, char** argv) {
    CLI::App app{
        "Add sparse percussion and texture (kick, swell, bell, noise) to each phrase read.",
        "ambient-perc"};
    tool::add_version_flag(app);
    tool::FilterOptions filter;
    filter.add_to(app);
    filter.add_control_to(app);
    std::uint64_t seed = 0;
    std::optional<double> density;
    tool::add_seed_option(
        app, seed, "Random seed mixed with each phrase's own seed (0: the phrase's seed alone)")
        ->capture_default_str();
    app.add_option("--density", density, "0 none … 1 busy (default: from each phrase's intensity)")
        ->check(CLI::Range(0.0, 1.0));

    return tool::run(app, argc, argv, [&] {
        PercussionSettings settings;
        settings.density = density;
        tool::run_filter(filter, [&](Phrase& p) { compose_percussion(p, settings, seed); });
    });
}
