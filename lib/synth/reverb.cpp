#include "synth/reverb.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "synth/dsp.hpp"

namespace ambient {

namespace {
// Milliseconds at size 1: mutually prime in samples at common rates, spread 30-80 ms.
constexpr std::array<float, 8> base_ms = {29.7f, 37.1f, 41.1f, 43.7f, 53.3f, 59.9f, 67.7f, 73.1f};
static_assert(std::is_sorted(base_ms.begin(), base_ms.end()));

}  // namespace

void Reverb::init(float sample_rate, const ReverbSettings& s) {
    rate_ = sample_rate;
    s_ = s;
    predelay_samples_ =
        static_cast<std::size_t>(reverb_param::predelay_ms.clamp(s.predelay_ms) * 0.001f * rate_);
    predelay_l_.init(predelay_samples_ + max_block + 8);
    predelay_r_.init(predelay_samples_ + max_block + 8);
    const float size = reverb_param::size.clamp(s.size);
    for (int i = 0; i < lines; ++i) {
        auto n = static_cast<std::size_t>(i);
        length_[n] =  // (the first the shortest: process_wet counts on it)
            std::max<std::size_t>(1, static_cast<std::size_t>(base_ms[n] * size * 0.001f * rate_));
        // Room for a block's whole chunks written in place past its frames (see process_wet).
        delay_[n].init(length_[n] + 8);
        lowpass_[n] = 0.0f;
    }
    set(s);
}

void Reverb::set(const ReverbSettings& s) {
    s_.decay = s.decay;
    s_.damping = s.damping;
    s_.mix = s.mix;
    const float decay = reverb_param::decay.clamp(s.decay);
    for (std::size_t n = 0; n < lines; ++n)
        gain_[n] = std::pow(10.0f, -3.0f * static_cast<float>(length_[n]) / (decay * rate_));
    damping_coeff_ = std::min(reverb_param::damping.clamp(s.damping), 0.95f);  // 1 would be a wall
}

namespace {
// Eight samples of one line: the blocks are worked line by line, eight samples at a time.
using Vec = dsp::Lanes;
constexpr int max_reverb_block = 512, chunks = max_reverb_block / 8;
using Rows = Vec[8][chunks];  // [line][chunk]

// Each line's gain and damping over the block, from where its samples lie (`from`: the
// ring itself, or the line's row when they wrap round it) into the rows. The damping is a one-pole
// low-pass, low[i] = (1 - c) g x[i] + c low[i - 1]: a recurrence, computed eight samples at once by
// a scan (dsp::OnePoleScan), from the last value before the chunk.
AMBIENT_SIMD void damp(const float* const* from, Rows rows, int used_chunks, const float* gains,
                       float* lowpass, float c, int last_lane) {
    const dsp::OnePoleScan scan(c);
    float into[8];
    Vec before[8];
    for (int k = 0; k < 8; ++k) {
        into[k] = gains[k] * (1.0f - c);
        before[k] = Vec{} + lowpass[k];
    }
    // Chunk by chunk, the eight lines side by side: only the carry waits on the last chunk.
    for (int q = 0; q < used_chunks; ++q)
        for (int k = 0; k < 8; ++k) {
            Vec& u = rows[k][q];
            std::memcpy(&u, from[k] + 8 * q, sizeof u);  // where the line holds it, or u itself
            u *= into[k];
            scan.run(u, before[k]);
            dsp::OnePoleScan::last(u, before[k]);
        }
    for (int k = 0; k < 8; ++k) lowpass[k] = rows[k][used_chunks - 1][last_lane];
}

// The Hadamard mix of the damped lines (a fast Walsh-Hadamard transform: three rounds of
// sums and differences of rows), the taps out (even lines left, odd right: the halves of
// the sum of all eight, which are rows 0 and 1 of the transform), and the input in: each
// line's new samples to `to` (the ring itself, or the line's row when they would wrap).
AMBIENT_SIMD void mix(const Rows rows, int frames, const float* in_l, const float* in_r,
                      float* out_l, float* out_r, float* const* to) {
    constexpr float norm = 0.35355339f;  // 1/sqrt(8): lossless
    const int used_chunks = (frames + 7) / 8;
    for (int q = 0; q < used_chunks; ++q) {
        Vec a[8], b[8], c[8];
        for (int k = 0; k < 8; k += 2) {
            a[k] = rows[k][q] + rows[k + 1][q];
            a[k + 1] = rows[k][q] - rows[k + 1][q];
        }
        for (int k : {0, 1, 4, 5}) {
            b[k] = a[k] + a[k + 2];
            b[k + 2] = a[k] - a[k + 2];
        }
        for (int k = 0; k < 4; ++k) {
            c[k] = b[k] + b[k + 4];
            c[k + 4] = b[k] - b[k + 4];
        }
        // The taps straight out; a last chunk short of eight through `rest`.
        const Vec wet_l = 0.25f * (c[0] + c[1]), wet_r = 0.25f * (c[0] - c[1]);
        const int out = std::min(8, frames - 8 * q);
        float rest[2][8];
        std::memcpy(out < 8 ? rest[0] : out_l + 8 * q, &wet_l, sizeof wet_l);
        std::memcpy(out < 8 ? rest[1] : out_r + 8 * q, &wet_r, sizeof wet_r);
        if (out < 8) {
            std::copy_n(rest[0], out, out_l + 8 * q);
            std::copy_n(rest[1], out, out_r + 8 * q);
        }
        Vec l, r;
        std::memcpy(&l, in_l + 8 * q, sizeof l);
        std::memcpy(&r, in_r + 8 * q, sizeof r);
        l *= 0.5f;
        r *= 0.5f;
        for (int k = 0; k < 8; ++k) {
            const Vec into = c[k] * norm + (k % 2 == 0 ? l : r);
            std::memcpy(to[k] + 8 * q, &into, sizeof into);
        }
    }
}
}  // namespace

void Reverb::process_wet(const float* in_l, const float* in_r, float* out_l, float* out_r,
                         int frames) {
    static_assert(max_block == max_reverb_block && lines == 8);
    if (frames <= 0) return;
    // Every line's output over a block must have been written before the block began, its
    // whole eights included: a small room (its shortest line 8.9 ms) takes a long block in
    // pieces.
    const auto longest = static_cast<int>(length_[0]) - 8;
    if (frames > longest && longest >= 8) {
        for (int done = 0, n; done < frames; done += n) {
            n = std::min(longest, frames - done);
            process_wet(in_l + done, in_r + done, out_l + done, out_r + done, n);
        }
        return;
    }
    alignas(32) Rows rows;
    // What each line gives out over the block (all written before the block began; the
    // shortest line is longer than a block, so reading a few frames more is safe).
    const auto n = static_cast<std::size_t>(frames), whole = (n + 7) / 8 * 8;
    const int used = static_cast<int>(whole / 8);
    const float* from[lines];
    float* to[lines];
    for (std::size_t k = 0; k < lines; ++k) {
        float* row = reinterpret_cast<float*>(rows[k]);
        from[k] = delay_[k].span(length_[k], whole, row);
        // Written in place where the whole chunks fit before the ring's end; the ring has
        // room for the few samples past `frames` (rewritten next block before any read).
        float* in_place = delay_[k].write_span(whole);
        to[k] = in_place ? in_place : row;
    }
    // The pre-delay: the block in, then what went in `predelay` before each frame (the line
    // holds a block and a chunk more than the pre-delay), read where the line holds it, in
    // whole chunks (the lanes past `frames` carry older samples into the lines' slots past
    // the block, which the next block writes before anything reads them).
    alignas(32) float scratch_l[max_reverb_block], scratch_r[max_reverb_block];
    predelay_l_.write_block(in_l, n);
    predelay_r_.write_block(in_r, n);
    const float* pre_l = predelay_l_.span(predelay_samples_ + n, whole, scratch_l);
    const float* pre_r = predelay_r_.span(predelay_samples_ + n, whole, scratch_r);
    damp(from, rows, used, gain_.data(), lowpass_.data(), damping_coeff_,
         static_cast<int>((n - 1) % 8));
    mix(rows, frames, pre_l, pre_r, out_l, out_r, to);
    for (std::size_t k = 0; k < lines; ++k) {
        if (to[k] == reinterpret_cast<float*>(rows[k]))
            delay_[k].write_block(to[k], n);
        else
            delay_[k].advance(n);
    }
}

void Reverb::process(float* left, float* right, int frames) {
    const float wet = wet_gain(reverb_param::mix.clamp(s_.mix));
    float wl[max_block], wr[max_block];
    for (int done = 0; done < frames; done += max_block) {
        int n = std::min(max_block, frames - done);
        float* l = left + done;
        float* r = right + done;
        process_wet(l, r, wl, wr, n);
        for (int i = 0; i < n; ++i) {
            l[i] += wet * wl[i];
            r[i] += wet * wr[i];
        }
    }
}

}  // namespace ambient
