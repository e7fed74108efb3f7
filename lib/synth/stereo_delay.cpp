#include "synth/stereo_delay.hpp"

#include <algorithm>
#include <cmath>

#include "synth/dsp.hpp"

namespace ambient {

void StereoDelay::init(float sample_rate, const DelaySettings& s, float max_seconds) {
    rate_ = sample_rate;
    s_ = s;
    max_delay_ = max_seconds * rate_;
    line_l_.init(0);
    line_r_.init(0);
    glide_ = 1.0 - std::exp(-1.0 / (0.25 * double(rate_)));  // 0.25 s
    started_ = false;
    set_tempo(70.0f);
}

void StereoDelay::set(const DelaySettings& s) {
    s_ = s;
    set_tempo(bpm_);
}

void StereoDelay::set_tempo(float bpm) {
    bpm_ = bpm;
    target_ = std::clamp(s_.beats * 60.0f / std::max(bpm, 1.0f) * rate_, 1.0f, max_delay_);
    if (!started_) current_ = target_;  // before any sound: no glide from the default tempo
    // Room for every read of the glide (the time lies between where it is and where it goes).
    if (double(line_l_.capacity()) < std::max(current_, target_) + 2.0) fit_lines();
    fitted_ = false;
}

void StereoDelay::fit_lines() {
    const auto longest = static_cast<std::size_t>(std::max(current_, target_)) + 2;
    line_l_.fit(longest);
    line_r_.fit(longest);
}

void StereoDelay::process_wet(float* left, float* right, int frames) {
    if (frames <= 0) return;
    started_ = true;
    float fb = std::clamp(s_.feedback, 0.0f, 0.95f), damp = std::clamp(s_.damping, 0.0f, 0.95f);
    if (std::fabs(target_ - current_) < 1e-4) current_ = target_;  // the glide has arrived
    if (current_ == target_ && !fitted_) {                         // no longer than the time needs
        fit_lines();
        fitted_ = true;
    }
    constexpr int block = max_block;
    if (current_ == target_ && current_ > double(block + 1) && frames <= block) {
        process_steady(left, right, frames, fb, damp);
        return;
    }
    for (int i = 0; i < frames; ++i) {
        current_ += (target_ - current_) * glide_;
        float echo_l = line_l_.read_fractional(float(current_));
        float echo_r = line_r_.read_fractional(float(current_));
        lp_l_ = echo_l + (lp_l_ - echo_l) * damp;
        lp_r_ = echo_r + (lp_r_ - echo_r) * damp;
        // Ping-pong: the left line is fed from the right's echo and the other way round.
        line_l_.write(0.5f * (left[i] + right[i]) + fb * lp_r_);
        line_r_.write(fb * lp_l_);
        left[i] = s_.mix * echo_l;
        right[i] = s_.mix * echo_r;
    }
}

void StereoDelay::process(float* left, float* right, int frames) {
    constexpr int block = 64;
    float el[block], er[block];
    for (int done = 0; done < frames; done += block) {
        const int n = std::min(block, frames - done);
        std::copy(left + done, left + done + n, el);
        std::copy(right + done, right + done + n, er);
        process_wet(el, er, n);
        for (int i = 0; i < n; ++i) {
            left[done + i] += el[i];
            right[done + i] += er[i];
        }
    }
}

// A steady time longer than the block: every read is of what was written before it, so
// the block reads, filters and writes in stretches.
AMBIENT_SIMD void StereoDelay::process_steady(float* left, float* right, int frames, float fb,
                                              float damp) {
    constexpr int block = max_block;
    if (frames <= 0 || frames > block) return;  // (the caller sees to it; said for the compiler)
    const float time = float(current_);
    const auto whole = static_cast<std::size_t>(time), n = static_cast<std::size_t>(frames);
    const float frac = time - float(whole);
    // Each echo lies between two neighbours of one stretch of the ring, read in place.
    float scratch_l[block + 1], scratch_r[block + 1], in_l[block], in_r[block], a_l[block],
        a_r[block];
    const float* l = line_l_.span(whole + 1, n + 1, scratch_l);
    const float* r = line_r_.span(whole + 1, n + 1, scratch_r);
    for (std::size_t i = 0; i < n; ++i) {  // the echoes
        a_l[i] = l[i + 1] + (l[i] - l[i + 1]) * frac;
        a_r[i] = r[i + 1] + (r[i] - r[i + 1]) * frac;
    }
    dsp::one_pole(a_l, in_r, lp_l_, a_r, in_l, lp_r_, frames, damp);  // damped, then fed back
    for (std::size_t i = 0; i < n; ++i) {
        // Ping-pong: the left line is fed from the right's echo and the other way round.
        in_l[i] = 0.5f * (left[i] + right[i]) + fb * in_l[i];
        in_r[i] *= fb;
    }
    line_l_.write_block(in_l, n);
    line_r_.write_block(in_r, n);
    for (std::size_t i = 0; i < n; ++i) {
        left[i] = s_.mix * a_l[i];
        right[i] = s_.mix * a_r[i];
    }
}

}  // namespace ambient
