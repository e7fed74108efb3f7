#include "synth/dsp.hpp"

#include <algorithm>
#include <cstring>

#if defined(__SSE__)
#include <xmmintrin.h>
#endif

namespace ambient::dsp {

namespace {
// lowbias32: every bit in moves about half the bits out.
inline std::uint32_t scramble(std::uint32_t x) {
    x ^= x >> 16;
    x *= 0x7feb352du;
    x ^= x >> 15;
    x *= 0x846ca68bu;
    x ^= x >> 16;
    return x;
}
AMBIENT_SIMD void hashed_noise(std::uint32_t key_l, std::uint32_t key_r, std::uint32_t at,
                               float* left, float* right, int n) {
    constexpr float scale = 1.0f / 2147483648.0f;
    for (int i = 0; i < n; ++i) {
        const std::uint32_t k = at + static_cast<std::uint32_t>(i);
        left[i] = static_cast<float>(static_cast<std::int32_t>(scramble(key_l + k))) * scale;
        right[i] = static_cast<float>(static_cast<std::int32_t>(scramble(key_r + k))) * scale;
    }
}

// `channels` one-pole low-passes with the same coefficient, side by side: each scan's
// chain (the carry from one eight to the next) waits on its last, so two overlap in the
// time of one.
template <int channels>
[[gnu::always_inline]] inline void one_pole_lanes(const float* const* x, float* const* y, int n,
                                                  float a, float* const* state) {
    const float b = 1.0f - a;
    const OnePoleScan scan(a);
    Lanes before[channels];
    for (int c = 0; c < channels; ++c) before[c] = Lanes{} + *state[c];
    int i = 0;
    for (; i + 8 <= n; i += 8)
        for (int c = 0; c < channels; ++c) {
            Lanes u;
            std::memcpy(&u, x[c] + i, sizeof u);
            u *= b;
            scan.run(u, before[c]);
            std::memcpy(y[c] + i, &u, sizeof u);
            OnePoleScan::last(u, before[c]);
        }
    for (int c = 0; c < channels; ++c) {
        float carry = before[c][0];
        for (int k = i; k < n; ++k) {
            carry = b * x[c][k] + a * carry;
            y[c][k] = carry;
        }
        *state[c] = carry;
    }
}

AMBIENT_SIMD void one_pole_simd(const float* x, float* y, int n, float a, float* state) {
    one_pole_lanes<1>(&x, &y, n, a, &state);
}
void one_pole_simd_each(const float* const* x, float* const* y, int n, float a,
                        float* const* state) {
    one_pole_simd(x[0], y[0], n, a, state[0]);
}
AMBIENT_SIMD void one_pole_pair_simd(const float* const* x, float* const* y, int n, float a,
                                     float* const* state) {
    one_pole_lanes<2>(x, y, n, a, state);
}
AMBIENT_SIMD void one_pole_three_simd(const float* const* x, float* const* y, int n, float a,
                                      float* const* state) {
    one_pole_lanes<3>(x, y, n, a, state);
}
AMBIENT_SIMD void one_pole_four_simd(const float* const* x, float* const* y, int n, float a,
                                     float* const* state) {
    one_pole_lanes<4>(x, y, n, a, state);
}
}  // namespace

void one_pole(const float* x, float* y, int n, float a, float& state) {
    one_pole_simd(x, y, n, a, &state);
}

void one_pole(const float* x0, float* y0, float& state0, const float* x1, float* y1, float& state1,
              int n, float a) {
    const float* const x[2] = {x0, x1};
    float* const y[2] = {y0, y1};
    float* const state[2] = {&state0, &state1};
    one_pole_pair_simd(x, y, n, a, state);
}

void one_pole(float* const* y, float* const* state, int count, int n, float a) {
    using Run = void (*)(const float* const*, float* const*, int, float, float* const*);
    static const Run run[] = {one_pole_simd_each, one_pole_pair_simd, one_pole_three_simd,
                              one_pole_four_simd};
    for (int at = 0; at < count; at += 4) {
        const int k = std::min(4, count - at);
        run[k - 1](y + at, y + at, n, a, state + at);
    }
}

void StereoNoise::fill(float* left, float* right, int n) {
    hashed_noise(key_l_, key_r_, at_, left, right, n);
    at_ += static_cast<std::uint32_t>(n);
}

DenormalGuard::DenormalGuard() {
#if defined(__SSE__)
    saved_ = _mm_getcsr();
    _mm_setcsr(static_cast<unsigned>(saved_) | 0x8040u);  // FTZ | DAZ
#elif defined(__aarch64__)
    std::uint64_t fpcr;
    asm volatile("mrs %0, fpcr" : "=r"(fpcr));
    saved_ = fpcr;
    asm volatile("msr fpcr, %0" ::"r"(fpcr | (1ull << 24)));  // FZ
#endif
}

DenormalGuard::~DenormalGuard() {
#if defined(__SSE__)
    _mm_setcsr(static_cast<unsigned>(saved_));
#elif defined(__aarch64__)
    asm volatile("msr fpcr, %0" ::"r"(saved_));
#endif
}

}  // namespace ambient::dsp
