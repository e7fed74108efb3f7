// Rendering in-process on one core: the real-time factor (seconds of audio per second of
// CPU) of the default patch on 8-bar phrases at 70 bpm, 48 kHz stereo, and the share of
// each voice type and of the effects.
#include <benchmark/benchmark.h>

#include <random>

#include "audio/k_weighting.hpp"
#include "audio/loudness.hpp"
#include "audio/performance.hpp"
#include "compose/chord_composer.hpp"
#include "compose/melody.hpp"
#include "compose/percussion.hpp"
#include "synth/dsp.hpp"
#include "synth/limiter.hpp"
#include "synth/reverb.hpp"
#include "synth/svf.hpp"

namespace ambient {
namespace {

// Each iteration renders one second of audio: the rate is the real-time factor.
void seconds_per_iteration(benchmark::State& state) {
    state.counters["realtime_x"] =
        benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}

enum Parts { chords = 1, melody = 2, percussion = 4, all = 7 };

std::vector<Phrase> phrases(int parts) {
    ChordComposer composer(ChordSettings{}, std::nullopt, 1, 1);
    std::vector<Phrase> out;
    for (int i = 0; i < 4; ++i) {
        Phrase p = composer.next();
        compose_melody(p, MelodySettings{}, 0);
        compose_percussion(p, PercussionSettings{}, 0);
        if (!(parts & chords)) p.chords.clear();
        if (!(parts & melody)) p.melody.clear();
        if (!(parts & percussion)) p.percussion.clear();
        out.push_back(p);
    }
    return out;
}

// Renders the phrases (the music and its tail) with the whole master chain.
void render_parts(benchmark::State& state, int parts, const Patch& patch = Patch{}) {
    dsp::DenormalGuard guard;
    auto score = phrases(parts);
    std::vector<float> block(2 * Performance::block);
    double frames = 0;
    PerformanceSettings settings;
    settings.patch = patch;
    for (auto _ : state) {
        std::size_t next = 0;
        Performance perf(settings, [&]() -> std::optional<Phrase> {
            if (next >= score.size()) return std::nullopt;
            return score[next++];
        });
        while (int n = perf.render(block.data(), Performance::block)) frames += n;
    }
    state.counters["realtime_x"] =
        benchmark::Counter(frames / 48000.0, benchmark::Counter::kIsRate);
}

void BM_RenderDefaultPatch(benchmark::State& s) {
    render_parts(s, all);
}
void BM_RenderPadsOnly(benchmark::State& s) {
    render_parts(s, chords);
}
void BM_RenderMelodyOnly(benchmark::State& s) {
    render_parts(s, melody);
}
void BM_RenderPercussionOnly(benchmark::State& s) {
    render_parts(s, percussion);
}
BENCHMARK(BM_RenderDefaultPatch)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RenderPadsOnly)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RenderMelodyOnly)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RenderPercussionOnly)->Unit(benchmark::kMillisecond);

// Every preset, the whole piece.
void BM_RenderPreset(benchmark::State& s) {
    const std::string name = preset_names()[static_cast<std::size_t>(s.range(0))];
    s.SetLabel(name);
    Patch patch = preset(name);
    patch.name = name;
    render_parts(s, all, patch);
}
BENCHMARK(BM_RenderPreset)
    ->DenseRange(0, static_cast<int>(preset_names().size()) - 1)
    ->Unit(benchmark::kMillisecond);

// The effects alone, on a second of noise.
std::vector<float> noise_second() {
    std::mt19937 gen(1);
    std::normal_distribution<float> n(0.0f, 0.3f);
    std::vector<float> x(48000);
    for (float& v : x) v = n(gen);
    return x;
}

void BM_ReverbOneSecond(benchmark::State& state) {
    dsp::DenormalGuard guard;
    Reverb r;
    r.init(48000, ReverbSettings{});
    auto in = noise_second();
    // In blocks of the engine's (the argument: its most, or a smaller one to compare).
    const auto block = static_cast<std::size_t>(state.range(0));
    std::vector<float> l(block), rr(block);
    for (auto _ : state)
        for (std::size_t i = 0; i < in.size(); i += block) {
            const std::size_t n = std::min(block, in.size() - i);
            r.process_wet(&in[i], &in[i], l.data(), rr.data(), int(n));
        }
    seconds_per_iteration(state);
}
BENCHMARK(BM_ReverbOneSecond)->Arg(Reverb::max_block)->Arg(Reverb::max_block / 2);

// The limiter over noise at `gain`: working hard (x3), or a plain delay where nothing
// needs reducing (x0.3).
void BM_LimiterOneSecond(benchmark::State& state, float gain) {
    dsp::DenormalGuard guard;
    Limiter lim;
    lim.init(48000, LimiterSettings{});
    auto mono = noise_second();
    std::vector<float> l(mono.size()), r(mono.size());
    for (auto _ : state) {
        for (std::size_t i = 0; i < mono.size(); ++i) l[i] = r[i] = mono[i] * gain;
        lim.process(l.data(), r.data(), int(mono.size()));
    }
    seconds_per_iteration(state);
}
BENCHMARK_CAPTURE(BM_LimiterOneSecond, working, 3.0f);
BENCHMARK_CAPTURE(BM_LimiterOneSecond, idle, 0.3f);

// The pad's filter over a second of stereo in control blocks, its cutoff set every block as
// the engine does: in chunks of four (StereoSvf), against the same filter sample by sample.
void BM_FilterOneSecond(benchmark::State& state) {
    StereoSvf f;
    f.init(48000);
    auto in = noise_second();
    std::vector<float> l(64), r(64);
    for (auto _ : state)
        for (std::size_t i = 0; i + 64 <= in.size(); i += 64) {
            f.set(800.0f + float(i % 640), 824.0f + float(i % 640), 1.2f);
            f.process<Svf::Output::low>(&in[i], &in[i], l.data(), r.data(), 64);
            benchmark::DoNotOptimize(l.data());
        }
    seconds_per_iteration(state);
}
BENCHMARK(BM_FilterOneSecond);
void BM_FilterOneSecondSampleBySample(benchmark::State& state) {
    auto in = noise_second();
    std::vector<float> l(64), r(64);
    float ic1[2] = {}, ic2[2] = {};
    for (auto _ : state)
        for (std::size_t i = 0; i + 64 <= in.size(); i += 64) {
            const float cutoff[2] = {800.0f + float(i % 640), 824.0f + float(i % 640)};
            float* out[2] = {l.data(), r.data()};
            for (int c = 0; c < 2; ++c) {
                const Svf s = Svf::at(48000, cutoff[c], 1.2f);
                for (int k = 0; k < 64; ++k) {
                    const float v3 = in[i + k] - ic2[c], v1 = s.a1 * ic1[c] + s.a2 * v3;
                    const float v2 = ic2[c] + s.a2 * ic1[c] + s.a3 * v3;
                    ic1[c] = 2.0f * v1 - ic1[c];
                    ic2[c] = 2.0f * v2 - ic2[c];
                    out[c][k] = v2;
                }
            }
            benchmark::DoNotOptimize(l.data());
        }
    seconds_per_iteration(state);
}
BENCHMARK(BM_FilterOneSecondSampleBySample);

// A second of stereo white noise (the noise bed's and the swells' source).
void BM_NoiseOneSecond(benchmark::State& state) {
    dsp::StereoNoise noise(1, 2);
    std::vector<float> l(64), r(64);
    for (auto _ : state)
        for (int i = 0; i < 750; ++i) {
            noise.fill(l.data(), r.data(), 64);
            benchmark::DoNotOptimize(l.data());
        }
    seconds_per_iteration(state);
}
BENCHMARK(BM_NoiseOneSecond);

// Integrated loudness of a second of stereo: libebur128, and the one mastering uses.
template <class Meter>
void BM_LoudnessOneSecond(benchmark::State& state, Meter meter) {
    auto mono = noise_second();
    std::vector<float> stereo(2 * mono.size());
    for (std::size_t i = 0; i < mono.size(); ++i) stereo[2 * i] = stereo[2 * i + 1] = mono[i];
    for (auto _ : state) meter.add(stereo.data(), mono.size());
    benchmark::DoNotOptimize(meter.integrated());
    seconds_per_iteration(state);
}
BENCHMARK_CAPTURE(BM_LoudnessOneSecond, libebur128, LoudnessMeter(48000, 2));
BENCHMARK_CAPTURE(BM_LoudnessOneSecond, integrated, IntegratedLoudness(48000));

}  // namespace
}  // namespace ambient

BENCHMARK_MAIN();
