// A performance recorded into a history as it plays, its clock the audio rendered (so a
// minute takes well under one): for the history's tests and history_bench.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "audio/performance.hpp"
#include "history/history_recorder.hpp"
#include "synth/patch.hpp"

namespace ambient::testing_history {

inline constexpr double t0 = 1'800'000'000;  // the recording's clock: t0 + seconds rendered

// Plays `source` in `preset_name` with loudness followed, recording each phrase and control
// change into `db`; `steer` is called after each block (to change controls as it plays).
// Returns what played, interleaved stereo at 48 kHz.
inline std::vector<float> play_and_record(const std::string& db, const std::string& preset_name,
                                          PhraseSource source,
                                          const std::function<void(Performance&)>& steer = {}) {
    const Performance* playing = nullptr;
    HistoryRun run;
    run.preset = preset_name;
    run.loudness = "live";
    HistoryRecorder recorder(db, run, 7, {},
                             [&] { return t0 + (playing ? playing->seconds_rendered() : 0.0); });
    PerformanceSettings s;
    s.patch = preset(preset_name);
    s.follow_loudness = true;
    s.on_scheduled = [&](const Phrase& p, double start, std::int64_t now, double gain) {
        recorder.phrase(p, start, now, gain);
    };
    s.on_control = [&](const ControlValues& all, std::int64_t sample) {
        recorder.control(all, sample);
    };
    Performance performance(s, std::move(source));
    playing = &performance;
    std::vector<float> audio, block(2 * Performance::block);
    for (int n; (n = performance.render(block.data(), Performance::block)) > 0;) {
        audio.insert(audio.end(), block.begin(), block.begin() + 2 * n);
        if (steer) steer(performance);
    }
    return audio;
}

}  // namespace ambient::testing_history
