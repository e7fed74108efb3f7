#include "synth/reverb.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "synth/dsp.hpp"

namespace ambient {

namespace {
// Milliseconds at size 1: mutually prime in samples at common rates, spread 30-80 ms.
constexpr std::array<float, 8> base_ms = {29.7f, 37.1f, 41.1f, 43.7f, 53.3f, 59.9f, 67.7f, 73.1f};

}  // namespace

void Reverb::init(float sample_rate, const ReverbSettings& s) {
    rate_ = sample_rate;
    s_ = s;
    predelay_samples_ =
        static_cast<std::size_t>(reverb_param::predelay_ms.clamp(s.predelay_ms) * 0.001f * rate_);
    predelay_l_.init(predelay_samples_ + 1);
    predelay_r_.init(predelay_samples_ + 1);
    const float size = reverb_param::size.clamp(s.size);
    for (int i = 0; i < lines; ++i) {
        auto n = static_cast<std::size_t>(i);
        length_[n] =
            std::max<std::size_t>(1, static_cast<std::size_t>(base_ms[n] * size * 0.001f * rate_));
        delay_[n].init(length_[n]);
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
// The eight lines side by side: one vector (AVX) or two (SSE), the same sums either way.
using Lines = float __attribute__((vector_size(32)));
constexpr int max_reverb_block = 64;

// Per sample: gain and damping per line, the taps out, the Hadamard mix, the input in.
AMBIENT_SIMD void feed_back(float (*x)[8], const float* in_l, const float* in_r, float* out_l,
                            float* out_r, int frames, const float* gains, float* lowpass,
                            float damp) {
    Lines gain, low, y;
    std::memcpy(&gain, gains, sizeof gain);
    std::memcpy(&low, lowpass, sizeof low);
    // The fast Walsh-Hadamard transform in three butterflies: each adds a neighbour and
    // subtracts itself where the sign is -1 (exact: x + -y is x - y).
    const Lines odd = {1, -1, 1, -1, 1, -1, 1, -1}, pairs = {1, 1, -1, -1, 1, 1, -1, -1},
                half = {1, 1, 1, 1, -1, -1, -1, -1};
    constexpr float norm = 0.35355339f;  // 1/sqrt(8): lossless
    for (int i = 0; i < frames; ++i) {
        std::memcpy(&y, x[i], sizeof y);
        y *= gain;
        low = y + (low - y) * damp;  // damping: highs decay faster
        Lines a = low * odd + __builtin_shufflevector(low, low, 1, 0, 3, 2, 5, 4, 7, 6);
        Lines b = a * pairs + __builtin_shufflevector(a, a, 2, 3, 0, 1, 6, 7, 4, 5);
        Lines c = b * half + __builtin_shufflevector(b, b, 4, 5, 6, 7, 0, 1, 2, 3);
        // The taps out: even lines left, odd right. c[0] is the sum of all eight and c[1]
        // the even ones less the odd, so the halves of each sum come from those two.
        out_l[i] = 0.25f * (c[0] + c[1]);
        out_r[i] = 0.25f * (c[0] - c[1]);
        const float l = 0.5f * in_l[i], r = 0.5f * in_r[i];
        const Lines input = {l, r, l, r, l, r, l, r};
        const Lines into = c * norm + input;
        std::memcpy(x[i], &into, sizeof into);
    }
    std::memcpy(lowpass, &low, sizeof low);
}
// Rows become columns, eight by eight (x86: unpack, shuffle, permute).
inline void transpose(Lines* r) {
    Lines t[8], u[8];
    for (int k = 0; k < 8; k += 2) {
        t[k] = __builtin_shufflevector(r[k], r[k + 1], 0, 8, 1, 9, 4, 12, 5, 13);
        t[k + 1] = __builtin_shufflevector(r[k], r[k + 1], 2, 10, 3, 11, 6, 14, 7, 15);
    }
    for (int k = 0; k < 8; k += 4) {
        u[k] = __builtin_shufflevector(t[k], t[k + 2], 0, 1, 8, 9, 4, 5, 12, 13);
        u[k + 1] = __builtin_shufflevector(t[k], t[k + 2], 2, 3, 10, 11, 6, 7, 14, 15);
        u[k + 2] = __builtin_shufflevector(t[k + 1], t[k + 3], 0, 1, 8, 9, 4, 5, 12, 13);
        u[k + 3] = __builtin_shufflevector(t[k + 1], t[k + 3], 2, 3, 10, 11, 6, 7, 14, 15);
    }
    for (int k = 0; k < 4; ++k) {
        r[k] = __builtin_shufflevector(u[k], u[k + 4], 0, 1, 2, 3, 8, 9, 10, 11);
        r[k + 4] = __builtin_shufflevector(u[k], u[k + 4], 4, 5, 6, 7, 12, 13, 14, 15);
    }
}

// Between line-major blocks (each line's samples in a row) and frame-major ones (each
// frame's eight lines together), for `frames` rounded up to eight.
AMBIENT_SIMD void lines_to_frames(const float (*by_line)[max_reverb_block], float (*by_frame)[8],
                                  int frames) {
    for (int at = 0; at < frames; at += 8) {
        Lines tile[8];
        for (int k = 0; k < 8; ++k) std::memcpy(&tile[k], &by_line[k][at], sizeof(Lines));
        transpose(tile);
        for (int j = 0; j < 8; ++j) std::memcpy(by_frame[at + j], &tile[j], sizeof(Lines));
    }
}
AMBIENT_SIMD void frames_to_lines(const float (*by_frame)[8], float (*by_line)[max_reverb_block],
                                  int frames) {
    for (int at = 0; at < frames; at += 8) {
        Lines tile[8];
        for (int j = 0; j < 8; ++j) std::memcpy(&tile[j], by_frame[at + j], sizeof(Lines));
        transpose(tile);
        for (int k = 0; k < 8; ++k) std::memcpy(&by_line[k][at], &tile[k], sizeof(Lines));
    }
}
}  // namespace

void Reverb::process_wet(const float* in_l, const float* in_r, float* out_l, float* out_r,
                         int frames) {
    static_assert(max_block == max_reverb_block && lines == 8);
    alignas(32) float by_line[lines][max_block];
    alignas(32) float x[max_block][lines];
    // What each line gives out over the block (all written before the block began; the
    // shortest line is longer than a block, so reading a few frames more is safe).
    const auto n = static_cast<std::size_t>(frames), whole = (n + 7) / 8 * 8;
    for (std::size_t k = 0; k < lines; ++k) delay_[k].read_block(length_[k], by_line[k], whole);
    lines_to_frames(by_line, x, frames);
    // The pre-delay: longer than a block, it is read before the block goes in.
    float pre_l[max_block], pre_r[max_block];
    const float* into_l = in_l;
    const float* into_r = in_r;
    if (predelay_samples_ >= n) {
        predelay_l_.read_block(predelay_samples_, pre_l, n);
        predelay_r_.read_block(predelay_samples_, pre_r, n);
        predelay_l_.write_block(in_l, n);
        predelay_r_.write_block(in_r, n);
        into_l = pre_l;
        into_r = pre_r;
    } else if (predelay_samples_ > 0) {
        for (std::size_t i = 0; i < n; ++i) {
            pre_l[i] = predelay_l_.read(predelay_samples_);
            pre_r[i] = predelay_r_.read(predelay_samples_);
            predelay_l_.write(in_l[i]);
            predelay_r_.write(in_r[i]);
        }
        into_l = pre_l;
        into_r = pre_r;
    }
    feed_back(x, into_l, into_r, out_l, out_r, frames, gain_.data(), lowpass_.data(),
              damping_coeff_);
    frames_to_lines(x, by_line, frames);
    for (std::size_t k = 0; k < lines; ++k) delay_[k].write_block(by_line[k], n);
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
