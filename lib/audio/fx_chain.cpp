#include "audio/fx_chain.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>

#include "core/error.hpp"
#include "core/io.hpp"
#include "synth/dsp.hpp"

namespace ambient {

namespace {
constexpr int block = Reverb::max_block;
}

FxChain::FxChain(const FxSettings& s, int rate)
    : s_(s),
      rate_(rate),
      left_(block),
      right_(block),
      echo_l_(block),
      echo_r_(block),
      wet_l_(block),
      wet_r_(block) {
    if (s.reverb) reverb_.emplace().init(float(rate), *s.reverb);
    if (s.delay) {
        delay_.emplace().init(float(rate), *s.delay, 8.0f);
        delay_->set_tempo(s.bpm);
    }
    if (s.limiter) limiter_.emplace().init(float(rate), 2, *s.limiter);
}

void FxChain::run_block(float* stereo, int n) {
    for (int i = 0; i < n; ++i) {
        left_[std::size_t(i)] = stereo[2 * i];
        right_[std::size_t(i)] = stereo[2 * i + 1];
    }
    if (delay_) {
        std::copy_n(left_.begin(), n, echo_l_.begin());
        std::copy_n(right_.begin(), n, echo_r_.begin());
        delay_->process(echo_l_.data(), echo_r_.data(), n);
        for (int i = 0; i < n; ++i) {
            left_[std::size_t(i)] += echo_l_[std::size_t(i)];
            right_[std::size_t(i)] += echo_r_[std::size_t(i)];
        }
    }
    if (reverb_) {
        reverb_->process_wet(left_.data(), right_.data(), wet_l_.data(), wet_r_.data(), n);
        float wet = std::clamp(s_.reverb->mix, 0.0f, 1.0f), dry = 1.0f - wet;
        for (int i = 0; i < n; ++i) {
            left_[std::size_t(i)] = dry * left_[std::size_t(i)] + wet * wet_l_[std::size_t(i)];
            right_[std::size_t(i)] = dry * right_[std::size_t(i)] + wet * wet_r_[std::size_t(i)];
        }
    }
    for (int i = 0; i < n; ++i) {
        stereo[2 * i] = left_[std::size_t(i)];
        stereo[2 * i + 1] = right_[std::size_t(i)];
    }
    if (limiter_) limiter_->process(stereo, n);
}

void FxChain::process(float* stereo, int frames) {
    for (int done = 0; done < frames; done += block)
        run_block(stereo + 2 * done, std::min(block, frames - done));
}

int FxChain::drain(float* stereo, int max_frames) {
    int n = std::min(max_frames, block);
    bool tail = (reverb_ || delay_) && quiet_ < rate_ / 4 &&
                tail_done_ < long(s_.max_tail_seconds * float(rate_));
    if (tail) {
        std::fill(stereo, stereo + 2 * n, 0.0f);
        run_block(stereo, n);
        float peak = 0.0f;
        for (int i = 0; i < 2 * n; ++i) peak = std::max(peak, std::fabs(stereo[i]));
        quiet_ = peak < 0.001f ? quiet_ + n : 0;
        tail_done_ += n;
        return n;
    }
    // Then what the limiter still holds in its look-ahead.
    if (flush_left_ < 0) flush_left_ = latency();
    n = std::min(n, flush_left_);
    std::fill(stereo, stereo + 2 * n, 0.0f);
    if (limiter_ && n > 0) limiter_->process(stereo, n);
    flush_left_ -= n;
    return n;
}

void run_fx(int in_fd, int out_fd, const PcmFormat& format, const FxSettings& s) {
    FxChain chain(s, format.rate);
    PcmDecoder decoder(format);
    PcmEncoder encoder(format);
    std::vector<char> raw(static_cast<std::size_t>(format.bytes_per_frame()) * 1024);
    std::vector<float> samples, stereo;
    std::string out;
    int to_skip = chain.latency();
    auto emit = [&](int frames) {
        // Drop the limiter's look-ahead from the very start so output lines up with input.
        int skip = std::min(to_skip, frames);
        to_skip -= skip;
        out.clear();
        encoder.encode(stereo.data() + 2 * skip, frames - skip, out);
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
        int frames = static_cast<int>(samples.size() / static_cast<std::size_t>(format.channels));
        stereo.resize(2 * static_cast<std::size_t>(frames));
        for (int f = 0; f < frames; ++f) {
            const float* in = &samples[static_cast<std::size_t>(f * format.channels)];
            stereo[2 * std::size_t(f)] = in[0];
            stereo[2 * std::size_t(f) + 1] = format.channels > 1 ? in[1] : in[0];
        }
        chain.process(stereo.data(), frames);
        emit(frames);
    }
    stereo.resize(2 * block);
    while (int n = chain.drain(stereo.data(), block)) emit(n);
    decoder.expect_whole_frames("stdin");
}

}  // namespace ambient
