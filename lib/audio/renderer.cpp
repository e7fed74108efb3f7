#include "audio/renderer.hpp"

#include <cmath>
#include <optional>

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

std::vector<Phrase> read_all(const PhraseSource& source) {
    std::vector<Phrase> all;
    while (auto p = source()) all.push_back(std::move(*p));
    return all;
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

}  // namespace

LoudnessReport measure_performance(const std::vector<Phrase>& phrases, const PerformanceSettings& s,
                                   bool true_peak) {
    Performance performance(s, from_list(phrases));
    LoudnessMeter meter(s.rate, 2, true_peak);
    long frames = perform(
        performance, [&](const float* b, int n) { meter.add(b, static_cast<std::size_t>(n)); });
    return {meter.integrated(), true_peak ? meter.true_peak_db() : 0.0, double(frames) / s.rate};
}

Normalisation normalise(const std::vector<Phrase>& phrases, const PerformanceSettings& s) {
    PerformanceSettings trial = s;
    trial.follow_loudness = false;
    trial.on_playing = nullptr;  // measuring passes play nothing to anyone
    double seconds = 0.0;
    // Twice: the limiter moves the result a little after the first correction.
    for (int pass = 0; pass < 2; ++pass) {
        LoudnessReport r = measure_performance(phrases, trial, false);
        seconds = r.seconds;
        if (r.integrated < -100.0) break;  // silence: nothing to normalise
        trial.gain_db += float(s.patch.master.loudness - r.integrated);
    }
    return {trial.gain_db, seconds};
}

long render_raw(int fd, const PcmFormat& format, PerformanceSettings s, LoudnessMode mode,
                PhraseSource source, const Progress& progress) {
    s.rate = format.rate;
    auto guarded = std::make_shared<GuardedSource>(std::move(source));
    source = [guarded] { return (*guarded)(); };
    std::vector<Phrase> phrases;
    if (mode == LoudnessMode::measure) {
        // Exact loudness needs the whole piece first: only for input that ends.
        phrases = read_all(source);
        s.gain_db = float(normalise(phrases, s).gain_db);
        source = from_list(phrases);
    }
    s.follow_loudness = mode == LoudnessMode::live;
    Performance performance(s, std::move(source));
    PcmEncoder encoder(format, static_cast<std::uint32_t>(s.seed) ^ 0x9E3779B9u);
    std::string bytes;
    long frames = perform(performance, [&](const float* b, int n) {
        bytes.clear();
        encoder.encode(b, n, bytes);
        write_all(fd, bytes);
        if (progress) progress(performance.seconds_rendered(), 0.0);
    });
    guarded->rethrow();
    return frames;
}

long render_file(const std::string& path, int channels, FileBits bits, PerformanceSettings s,
                 LoudnessMode mode, PhraseSource source, const Progress& progress) {
    SoundFileWriter writer(path, s.rate, channels, bits);  // fail on a bad path before any work
    auto guarded = std::make_shared<GuardedSource>(std::move(source));
    source = [guarded] { return (*guarded)(); };
    std::vector<Phrase> phrases;
    double total = 0.0;
    if (mode == LoudnessMode::measure) {
        phrases = read_all(source);
        Normalisation n = normalise(phrases, s);
        s.gain_db = float(n.gain_db);
        s.follow_loudness = false;
        total = n.seconds;  // gives the progress bar its end
        source = from_list(phrases);
    } else {
        s.follow_loudness = mode == LoudnessMode::live;
    }
    Performance performance(s, std::move(source));
    std::vector<float> mono;
    long frames = perform(performance, [&](const float* b, int n) {
        if (channels == 1) {
            mono.resize(static_cast<std::size_t>(n));
            for (int i = 0; i < n; ++i)
                mono[static_cast<std::size_t>(i)] = 0.5f * (b[2 * i] + b[2 * i + 1]);
            writer.write(mono.data(), n);
        } else {
            writer.write(b, n);
        }
        if (progress) progress(performance.seconds_rendered(), total);
    });
    writer.close();
    if (progress && total > 0.0) progress(total, total);
    guarded->rethrow();
    return frames;
}

}  // namespace ambient
