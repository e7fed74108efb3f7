#include "audio/fx_chain.hpp"

#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/io.hpp"

namespace ambient {

EffectChain fx_chain(const FxSettings& s, int rate) {
    EffectChain chain(float(rate), s.max_tail_seconds);
    if (s.delay) {
        auto delay = std::make_unique<StereoDelay>();
        delay->init(float(rate), *s.delay, 8.0f);
        delay->set_tempo(s.bpm);
        chain.add(std::move(delay));
    }
    if (s.reverb) {
        auto reverb = std::make_unique<Reverb>();
        reverb->init(float(rate), *s.reverb);
        chain.add(std::move(reverb));
    }
    if (s.limiter) {
        auto limiter = std::make_unique<Limiter>();
        limiter->init(float(rate), *s.limiter);
        chain.add(std::move(limiter));
    }
    return chain;
}

std::uint64_t run_fx(int in_fd, int out_fd, const PcmFormat& format, const FxSettings& s) {
    EffectChain chain = fx_chain(s, format.rate);
    PcmDecoder decoder(format);
    PcmEncoder encoder(format);
    std::vector<char> raw(static_cast<std::size_t>(format.bytes_per_frame()) * 1024);
    std::vector<float> samples, left, right, stereo;
    std::string out;
    std::uint64_t frames_in = 0, non_finite = 0;
    auto emit = [&](int frames) {
        stereo.resize(2 * static_cast<std::size_t>(frames));
        for (std::size_t f = 0; f < static_cast<std::size_t>(frames); ++f) {
            stereo[2 * f] = left[f];
            stereo[2 * f + 1] = right[f];
        }
        out.clear();
        encoder.encode(stereo.data(), frames, out);
        write_all(out_fd, out);
    };
    for (;;) {
        ssize_t got = ::read(in_fd, raw.data(), raw.size());
        if (got < 0 && errno == EINTR) continue;
        if (got < 0)
            throw Error(ErrorKind::io, std::string("read failed: ") + std::strerror(errno),
                        "stdin");
        if (got == 0) break;
        samples.clear();
        decoder.decode(std::string_view(raw.data(), static_cast<std::size_t>(got)), samples);
        const auto ch = static_cast<std::size_t>(format.channels);
        const std::size_t frames = samples.size() / ch;
        // NaN or infinity becomes silence (one would make every later sample of a reverb or
        // a delay non-finite, and no gain can bring it under a limiter's ceiling).
        Sanitized clean = sanitize_samples(samples.data(), samples.size());
        if (clean.replaced && non_finite == 0 && s.non_finite)
            s.non_finite("non-finite input samples (NaN or infinity) are replaced by silence",
                         frames_in + clean.first / ch);
        non_finite += clean.replaced;
        left.resize(frames);
        right.resize(frames);
        for (std::size_t f = 0; f < frames; ++f) {
            left[f] = samples[f * ch];
            right[f] = ch > 1 ? samples[f * ch + 1] : left[f];
        }
        frames_in += frames;
        emit(chain.process(left.data(), right.data(), static_cast<int>(frames)));
    }
    constexpr int block = 1024;
    left.resize(block);
    right.resize(block);
    while (int n = chain.drain(left.data(), right.data(), block)) emit(n);
    decoder.expect_whole_frames("stdin");
    return non_finite;
}

}  // namespace ambient
