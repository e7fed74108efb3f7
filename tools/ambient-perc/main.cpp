// ambient-perc: adds sparse percussion and texture events to each phrase.
#include "compose/percussion.hpp"
#include "tool.hpp"

using namespace ambient;

int main(int argc, char** argv) {
    tool::App app{
        "Add sparse percussion and texture (kick, swell, bell, noise) to each phrase read.",
        "ambient-perc"};
    tool::StageOptions stage;
    stage.add_to(app, "0 none … 1 busy (default: from each phrase's intensity)");

    return tool::run(app, argc, argv, [&] {
        PercussionSettings settings;
        settings.density = stage.density;
        tool::run_filter(stage.filter,
                         [&](Phrase& p) { compose_percussion(p, settings, stage.seed); });
    });
}
