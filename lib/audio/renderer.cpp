#include "audio/renderer.hpp"

#include <cmath>
#include <cstdlib>
#include <optional>

#include "audio/k_weighting.hpp"
#include "audio/mastering.hpp"
#include "core/error.hpp"
#include "core/io.hpp"
#include "phrase/phrase_stream.hpp"
#include "synth/dsp.hpp"

namespace ambient {

namespace {

PhraseSource from_list(const std::vector<Phrase>& phrases) {
    auto next = std::make_shared<std::size_t>(0);
    return [&phrases, next]() -> std::optional<Phrase> {
        if (*next >= phrases.size()) return std::nullopt;
        return phrases[(*next)++];
    };
}

// Runs a performance to its end, handing each block to `sink`.
template <typename Sink>
long perform(Performance& performance, Sink&& sink) {
    std::vector<float> block(2 * Performance::block);
    long total = 0;
    for (;;) {
        int n = performance.render(block.data(), Performance::block);
        if (n == 0) return total;
        sink(block.data(), n);
        total += n;
    }
}

// The music once, unmastered, each block handed to `keep` while it is measured; returns
// the gain that lands on the target (the settings' own gain when the music is silent).
Normalisation measure_music(PerformanceSettings s, PhraseSource source, const StereoSink& keep,
                            const Progress& progress) {
    const double gain_db = s.gain_db;
    s.mastered = false;
    s.follow_loudness = false;
    Performance performance(s, std::move(source));
    IntegratedLoudness meter(s.rate);
    long frames = perform(performance, [&](const float* b, int n) {
        if (keep) keep(b, n);
        meter.add(b, static_cast<std::size_t>(n));
        if (progress) progress(performance.seconds_rendered(), 0.0);
    });
    const double measured = meter.integrated();
    return {measured < -100.0 ? gain_db : gain_db + s.patch.master.loudness - measured,
            double(frames) / s.rate};
}

double store_and_measure(const PerformanceSettings& s, PhraseSource source, SampleStore& store,
                         const Progress& progress) {
    auto keep = [&](const float* b, int n) { store.write(b, static_cast<std::size_t>(n)); };
    return measure_music(s, std::move(source), keep, progress).gain_db;
}

bool off_target(double lufs, const PerformanceSettings& s) {
    return lufs > -100.0 && std::fabs(lufs - s.patch.master.loudness) > 0.1;
}

std::string folder_of(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
}

std::string temporary_folder() {
    const char* dir = std::getenv("TMPDIR");
    return dir && *dir ? dir : "/tmp";
}

}  // namespace

Normalisation normalise(const std::vector<Phrase>& phrases, const PerformanceSettings& s) {
    PerformanceSettings quiet = s;
    quiet.on_playing = nullptr;  // a measuring pass plays nothing to anyone
    return measure_music(quiet, from_list(phrases), {}, {});
}

long render_raw(int fd, const PcmFormat& format, PerformanceSettings s, LoudnessMode mode,
                PhraseSource source, const Progress& progress) {
    s.rate = format.rate;
    auto guarded = std::make_shared<GuardedSource>(std::move(source));
    source = [guarded] { return (*guarded)(); };
    PcmEncoder encoder(format, static_cast<std::uint32_t>(s.seed) ^ 0x9E3779B9u);
    std::string bytes;
    auto send = [&](const float* b, int n) {
        bytes.clear();
        encoder.encode(b, n, bytes);
        write_all(fd, bytes);
    };
    if (mode == LoudnessMode::measure) {
        // Exact loudness needs the whole piece first: only for input that ends. A stream
        // cannot be written twice, so the mastering is measured once before it is sent.
        SampleStore store(temporary_folder());
        double gain_db = store_and_measure(s, source, store, progress);
        const LimiterSettings limiter{s.patch.master.true_peak};
        if (master_from_store(store, s.rate, gain_db, limiter, {}, false).limited) {
            const double lufs = master_from_store(store, s.rate, gain_db, limiter, {}, true).lufs;
            if (off_target(lufs, s)) gain_db += s.patch.master.loudness - lufs;
        }
        master_from_store(store, s.rate, gain_db, limiter, send, false);
        guarded->rethrow();
        return static_cast<long>(store.frames());
    }
    s.follow_loudness = mode == LoudnessMode::live;
    Performance performance(s, std::move(source));
    long frames = perform(performance, [&](const float* b, int n) {
        send(b, n);
        if (progress) progress(performance.seconds_rendered(), 0.0);
    });
    guarded->rethrow();
    return frames;
}

long render_file(const std::string& path, int channels, FileBits bits, PerformanceSettings s,
                 LoudnessMode mode, PhraseSource source, const Progress& progress) {
    std::optional<SoundFileWriter> writer;
    writer.emplace(path, s.rate, channels, bits);  // fail on a bad path before any work
    auto guarded = std::make_shared<GuardedSource>(std::move(source));
    source = [guarded] { return (*guarded)(); };
    std::vector<float> mono;
    double total = 0.0;
    long written = 0;
    auto write = [&](const float* b, int n) {
        if (channels == 1) {
            mono.resize(static_cast<std::size_t>(n));
            for (int i = 0; i < n; ++i)
                mono[static_cast<std::size_t>(i)] = 0.5f * (b[2 * i] + b[2 * i + 1]);
            writer->write(mono.data(), n);
        } else {
            writer->write(b, n);
        }
        written += n;
        if (progress) progress(double(written) / s.rate, total);
    };
    if (mode == LoudnessMode::measure) {
        SampleStore store(folder_of(path));
        double gain_db = store_and_measure(s, source, store, progress);
        total = double(store.frames()) / s.rate;  // gives the progress bar its end
        const LimiterSettings limiter{s.patch.master.true_peak};
        const bool limited =
            master_from_store(store, s.rate, gain_db, limiter, write, false).limited;
        const double lufs =
            limited ? master_from_store(store, s.rate, gain_db, limiter, {}, true).lufs : -200.0;
        if (off_target(lufs, s)) {
            // The limiter took some loudness off: master again with it made up.
            writer.reset();
            writer.emplace(path, s.rate, channels, bits);
            written = 0;
            gain_db += s.patch.master.loudness - lufs;
            master_from_store(store, s.rate, gain_db, limiter, write, false);
        }
    } else {
        s.follow_loudness = mode == LoudnessMode::live;
        Performance performance(s, std::move(source));
        perform(performance, write);
    }
    writer->close();
    if (progress && total > 0.0) progress(total, total);
    guarded->rethrow();
    return written;
}

}  // namespace ambient
