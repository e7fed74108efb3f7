// What following the control file costs a stage that asks every block: ControlFile::poll()
// (at most one look per cadence), a look through inotify when nothing changed, a look by
// stat (the fallback), and reading a change.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "control/control_file.hpp"

namespace ambient {
namespace {

struct Folder {
    std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                ("ambient-control-bench-" + std::to_string(::getpid()));
    std::string file = (dir / "control.json").string();
    Folder() {
        std::filesystem::create_directories(dir);
        std::ofstream(file) << R"({"version":1,"key":"D","mode":"dorian","bpm":72})";
    }
    ~Folder() { std::filesystem::remove_all(dir); }
};

// A renderer's view: poll() every 512-frame block; most calls return at the clock.
void BM_PollEveryBlock(benchmark::State& state) {
    Folder f;
    ControlFile control(f.file);
    for (auto _ : state) benchmark::DoNotOptimize(control.poll());
}
BENCHMARK(BM_PollEveryBlock);

// One look when nothing changed: a non-blocking read of the inotify queue.
void BM_LookInotify(benchmark::State& state) {
    Folder f;
    ControlFile control(f.file);
    for (auto _ : state) benchmark::DoNotOptimize(control.refresh());
}
BENCHMARK(BM_LookInotify);

// The same look by stat, as without inotify (and as every stage did before).
void BM_LookStat(benchmark::State& state) {
    Folder f;
    const std::filesystem::path later = f.dir / "later" / "control.json";  // no folder: no watch
    ControlFile control(later.string());
    std::filesystem::create_directories(later.parent_path());
    for (auto _ : state) benchmark::DoNotOptimize(control.refresh());
}
BENCHMARK(BM_LookStat);

// A change written by the server and read by a stage: write (temp, fsync, rename) + read.
void BM_WriteAndFollow(benchmark::State& state) {
    Folder f;
    ControlFile writer(f.file), reader(f.file);
    ControlValues change;
    double bpm = 60;
    for (auto _ : state) {
        change.bpm = bpm = bpm > 150 ? 60 : bpm + 1;
        writer.write(change);
        benchmark::DoNotOptimize(reader.refresh());
    }
}
BENCHMARK(BM_WriteAndFollow);

}  // namespace
}  // namespace ambient

BENCHMARK_MAIN();
