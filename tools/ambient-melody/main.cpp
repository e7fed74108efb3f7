// ambient-melody: adds a melody that fits each phrase's chords.
#include "compose/melody.hpp"
#include "compose/melody_model.hpp"
#include "compose/pitch.hpp"
#include "model_file.hpp"
#include "tool.hpp"

using namespace ambient;

int main(int argc, char** argv) {
    tool::App app{
        "Add a melody to each phrase read (JSON Lines in, JSON Lines out): by rules, or "
        "with a model ambient-learn trained.",
        "ambient-melody"};
    tool::StageOptions stage;
    stage.add_to(app, "0 sparse … 1 dense (default: from each phrase's intensity)");
    std::string range = "60:84", model_spec;
    double temperature = 0.5;
    app.add_option("--range", range, "Melody range LOW:HIGH (MIDI numbers or names such as C4)")
        ->check([](const std::string& s) {
            return parse_note_range(s) ? "" : "expected LOW:HIGH, e.g. 60:84";
        })
        ->capture_default_str();
    app.add_option("--model", model_spec,
                   "Choose pitches with a learned model: a file from ambient-learn, or 'default' "
                   "(the one built with ambient); unreadable: the rules, with a warning. The "
                   "control file's \"model\" (rules, learned) overrides it live");
    app.add_option("--temperature", temperature,
                   "With --model: 0.1 the model's likeliest notes … 1 its own odds, or beyond")
        ->check(CLI::Range(0.05, 2.0))
        ->capture_default_str();

    return tool::run(app, argc, argv, [&] {
        auto [low, high] = *parse_note_range(range);
        tool::MelodyModelChoice models(model_spec);
        models.for_phrase({});  // a bad --model is told before the first phrase
        tool::run_filter(stage.filter, [&](Phrase& p, const ControlValues& control) {
            const MelodySettings settings{low, high, stage.density, models.for_phrase(control),
                                          temperature};
            compose_melody(p, settings, stage.seed);
        });
    });
}
