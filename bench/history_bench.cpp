// The station's history, one core: how fast a stretch is rendered again (a 15-minute
// recording from the middle of a run, as GET /api/recording makes it, in each format), and
// what keeping the history costs the renderer (a phrase and a control change written).
#include <benchmark/benchmark.h>

#include <filesystem>

#include "audio/performance.hpp"
#include "compose/chord_composer.hpp"
#include "compose/melody.hpp"
#include "compose/percussion.hpp"
#include "history/recording.hpp"
#include "play_and_record.hpp"  // tests/unit
#include "synth/dsp.hpp"
#include "synth/patch.hpp"

namespace ambient {
namespace {

namespace fs = std::filesystem;
using testing_history::t0;

// A run of the default patch recorded for `minutes` (8-bar phrases at 70 bpm, melody and
// percussion), its clock the audio rendered, so it takes seconds rather than minutes.
std::string recorded_history(double minutes) {
    static std::string path;
    if (!path.empty()) return path;
    path = (fs::temp_directory_path() / "history_bench.db").string();
    fs::remove(path);
    fs::remove(path + "-wal");
    fs::remove(path + "-shm");
    dsp::DenormalGuard guard;
    ChordComposer composer(ChordSettings{}, std::nullopt, 1, 1);
    double seconds = 0;  // composed so far
    testing_history::play_and_record(path, "drift", [&]() -> std::optional<Phrase> {
        if (seconds > minutes * 60) return std::nullopt;
        Phrase p = composer.next();
        compose_melody(p, MelodySettings{}, 0);
        compose_percussion(p, PercussionSettings{}, 0);
        seconds += p.total_beats() * 60 / p.bpm;
        return p;
    });
    return path;
}

void recording(benchmark::State& state, const char* format) {
    const std::string db = recorded_history(17);
    HistoryStore store(db);
    RecordingAsk ask{std::nullopt, std::to_string(t0 + 60), std::to_string(t0 + 960), format};
    const RecordingPlan plan = plan_recording(store, ask, t0 + 1100);
    double seconds = 0, bytes = 0;
    for (auto _ : state) {
        const long frames = render_recording(plan, [&](const char*, std::size_t n) {
            bytes += double(n);
            return true;
        });
        seconds += double(frames) / plan.rate;
    }
    state.counters["realtime_x"] = benchmark::Counter(seconds, benchmark::Counter::kIsRate);
    state.counters["MiB"] = bytes / double(state.iterations()) / (1 << 20);
}
BENCHMARK_CAPTURE(recording, flac_15min, "flac")
    ->Unit(benchmark::kSecond)
    ->Iterations(2)
    ->UseRealTime();
BENCHMARK_CAPTURE(recording, wav_15min, "wav")
    ->Unit(benchmark::kSecond)
    ->Iterations(2)
    ->UseRealTime();
BENCHMARK_CAPTURE(recording, opus_15min, "opus")
    ->Unit(benchmark::kSecond)
    ->Iterations(2)
    ->UseRealTime();

// What the renderer pays per phrase for keeping the history: one transaction in WAL mode.
void BM_RecordPhrase(benchmark::State& state) {
    const std::string path = (fs::temp_directory_path() / "history_bench_record.db").string();
    fs::remove(path);
    HistoryRecorder recorder(path, HistoryRun{}, 7, {}, [] { return t0; });
    ChordComposer composer(ChordSettings{}, std::nullopt, 1, 1);
    Phrase p = composer.next();
    compose_melody(p, MelodySettings{}, 0);
    compose_percussion(p, PercussionSettings{}, 0);
    std::int64_t at = 0;
    for (auto _ : state) {
        recorder.phrase(p, double(at), at, -3.0);
        at += 48000 * 27;
    }
    fs::remove(path);
}
BENCHMARK(BM_RecordPhrase)->Unit(benchmark::kMicrosecond);

// GET /api/history's work: the 50 newest phrases as JSON.
void BM_HistoryJson(benchmark::State& state) {
    HistoryStore store(recorded_history(17));
    for (auto _ : state) benchmark::DoNotOptimize(history_json(store, t0, 50));
}
BENCHMARK(BM_HistoryJson)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace ambient

BENCHMARK_MAIN();
