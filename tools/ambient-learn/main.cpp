// ambient-learn: trains the melody model ambient-melody --model uses, from MIDI, ABC and
// phrase files.
#include <cstdio>

#include "learn/training.hpp"
#include "tool.hpp"

using namespace ambient;

int main(int argc, char** argv) {
    tool::App app{"Train a chord-conditioned melody model from MIDI, ABC and phrase files.",
                  "ambient-learn"};
    TrainingOptions options;
    std::string output;
    bool json = false;
    app.add_option("FILES", options.inputs, "Files or folders: .abc, .mid/.midi/.kar, .jsonl")
        ->required();
    app.add_option("-o,--output", output, "Write the model here (replaced only when complete)")
        ->required();
    app.add_option("--holdout", options.holdout_every,
                   "Hold out every Nth tune to measure the model (0: none)")
        ->capture_default_str();
    app.add_flag("--json", json, "Print the report as one JSON object");

    return tool::run(app, argc, argv, [&] {
        const TrainingReport report = train_model(options, output);
        std::fputs((json ? report.json().dump() + "\n" : report.text()).c_str(), stdout);
    });
}
