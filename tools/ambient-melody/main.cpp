// ambient-melody: adds a melody that fits each phrase's chords.
#include "compose/melody.hpp"
#include "compose/pitch.hpp"
#include "tool.hpp"

using namespace ambient;

int main(int argc, char** argv) {
    tool::App app{
        "Add a constraint-based melody to each phrase read (JSON Lines in, JSON Lines out).",
        "ambient-melody"};
    tool::StageOptions stage;
    stage.add_to(app, "0 sparse … 1 dense (default: from each phrase's intensity)");
    std::string range = "60:84";
    app.add_option("--range", range, "Melody range LOW:HIGH (MIDI numbers or names such as C4)")
        ->check([](const std::string& s) {
            return parse_note_range(s) ? "" : "expected LOW:HIGH, e.g. 60:84";
        })
        ->capture_default_str();

    return tool::run(app, argc, argv, [&] {
        auto [low, high] = *parse_note_range(range);
        MelodySettings settings{low, high, stage.density};
        tool::run_filter(stage.filter, [&](Phrase& p) { compose_melody(p, settings, stage.seed); });
    });
}
