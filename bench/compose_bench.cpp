// Composing in-process: one 8-bar phrase through chords, melody and percussion
// (target under 50 us), each stage alone (the melody also with a learned model), and the JSON Lines
// round trip between programs.
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>

#include "compose/chord_composer.hpp"
#include "compose/melody.hpp"
#include "compose/melody_model.hpp"
#include "compose/percussion.hpp"
#include "phrase/phrase_json.hpp"

namespace ambient {
namespace {

ChordSettings d_dorian() {
    ChordSettings s;
    s.key = Key{2, Mode::dorian};
    s.key_name = "D";
    return s;
}

// A phrase of 8 bars at 70 bpm lasts 8 * 4 * 60 / 70 s: the musical time made per call.
void report_music(benchmark::State& state) {
    state.counters["music_s_per_s"] = benchmark::Counter(
        static_cast<double>(state.iterations()) * 8 * 4 * 60.0 / 70.0, benchmark::Counter::kIsRate);
}

void BM_ComposePhrase(benchmark::State& state) {
    ChordSettings s = d_dorian();
    TransitionTable table = TransitionTable::builtin(s.key.mode);
    std::uint64_t seed = 1;
    for (auto _ : state) {
        Phrase p = compose_chords(s, table, seed++, 0);
        compose_melody(p, MelodySettings{}, 0);
        compose_percussion(p, PercussionSettings{}, 0);
        benchmark::DoNotOptimize(p);
    }
    report_music(state);
}
BENCHMARK(BM_ComposePhrase);

void BM_Chords(benchmark::State& state) {
    ChordSettings s = d_dorian();
    TransitionTable table = TransitionTable::builtin(s.key.mode);
    std::uint64_t seed = 1;
    for (auto _ : state) benchmark::DoNotOptimize(compose_chords(s, table, seed++, 0));
}
BENCHMARK(BM_Chords);

// A stage that adds to a phrase of chords, timed on copies of one phrase.
template <typename Stage>
void bench_stage(benchmark::State& state, Stage stage) {
    ChordSettings s = d_dorian();
    Phrase base = compose_chords(s, TransitionTable::builtin(s.key.mode), 1, 0);
    std::uint64_t seed = 1;
    for (auto _ : state) {
        Phrase p = base;
        stage(p, seed++);
        benchmark::DoNotOptimize(p);
    }
}

void BM_Melody(benchmark::State& state) {
    bench_stage(state,
                [](Phrase& p, std::uint64_t seed) { compose_melody(p, MelodySettings{}, seed); });
}
BENCHMARK(BM_Melody);

#ifdef AMBIENT_DEFAULT_MODEL
// The same with the default melody model choosing the pitches (target under 5 ms).
void BM_MelodyWithModel(benchmark::State& state) {
    std::ifstream in(AMBIENT_DEFAULT_MODEL, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    if (!in) return state.SkipWithError("no default model was built");
    const MelodyModel model = MelodyModel::parse(bytes.str(), AMBIENT_DEFAULT_MODEL);
    MelodySettings settings;
    settings.model = &model;
    bench_stage(state, [&](Phrase& p, std::uint64_t seed) { compose_melody(p, settings, seed); });
}
BENCHMARK(BM_MelodyWithModel)->Unit(benchmark::kMicrosecond);
#endif

void BM_Percussion(benchmark::State& state) {
    bench_stage(state, [](Phrase& p, std::uint64_t seed) {
        compose_percussion(p, PercussionSettings{1.0}, seed);
    });
}
BENCHMARK(BM_Percussion);

// What each program pays per phrase at its edges: parse a line, format a line.
void BM_PhraseJsonRoundTrip(benchmark::State& state) {
    ChordSettings s = d_dorian();
    Phrase p = compose_chords(s, TransitionTable::builtin(s.key.mode), 1, 0);
    compose_melody(p, MelodySettings{}, 0);
    compose_percussion(p, PercussionSettings{}, 0);
    std::string line = format_phrase_line(p);
    line.pop_back();
    for (auto _ : state) benchmark::DoNotOptimize(format_phrase_line(parse_phrase_line(line)));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * line.size()));
}
BENCHMARK(BM_PhraseJsonRoundTrip);

}  // namespace
}  // namespace ambient

BENCHMARK_MAIN();
