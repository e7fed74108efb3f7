// Small shared pieces of DSP: unit conversions, a fast sine, denormal protection.
#pragma once

#include <cmath>
#include <cstdint>

// Hot block loops are compiled several times, for AVX-512 (x86-64-v4: with AVX-512VL, so
// eight-float vectors get 32 registers, not 16, and loops over eight lines keep their
// state out of memory), AVX2 and the baseline, and the best the CPU has is picked when
// the program loads (GCC and Clang function multi-versioning). Floating-point contraction
// is off in the build, so every version gives the same samples. Only for functions whose callers
// all lie in the file that defines them (a file-local function, or a private member used only
// there): GCC builds the dispatcher wherever the declaration is seen but the versions only where
// the definition is.
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(AMBIENT_NO_CLONES)
#define AMBIENT_SIMD __attribute__((target_clones("arch=x86-64-v4", "avx2", "default")))
#else
#define AMBIENT_SIMD
#endif

// Before a loop over buses that never overlap: the compiler, unable to prove it for many
// pointers, would otherwise leave the loop a sample at a time.
#if defined(__clang__)
#define AMBIENT_NO_OVERLAP _Pragma("clang loop vectorize(assume_safety)")
#elif defined(__GNUC__)
#define AMBIENT_NO_OVERLAP _Pragma("GCC ivdep")
#else
#define AMBIENT_NO_OVERLAP
#endif

namespace ambient::dsp {

inline constexpr float pi = 3.14159265358979f;
inline constexpr float two_pi = 6.28318530717959f;

inline float midi_to_hz(float note) {
    return 440.0f * std::exp2((note - 69.0f) / 12.0f);
}
// 2^x to 2e-7 (a 3000th of a cent as a pitch) for |x| < 126, without a call, so a loop
// over it vectorises: 2^round(x) from the exponent's bits, 2^f for |f| <= 0.5 from its
// Taylor series to the sixth power.
inline float exp2_fast(float x) {
    const float n = static_cast<float>(static_cast<int>(x + (x < 0.0f ? -0.5f : 0.5f)));
    const float f = x - n;
    const float p =
        1.0f + f * (0.693147181f +
                    f * (0.240226507f +
                         f * (0.0555041087f +
                              f * (0.00961812911f + f * (0.00133335581f + f * 1.54035304e-4f)))));
    const std::uint32_t bits = static_cast<std::uint32_t>(static_cast<int>(n) + 127) << 23;
    float scale;
    __builtin_memcpy(&scale, &bits, sizeof scale);
    return p * scale;
}
inline float db_to_gain(float db) {
    return std::pow(10.0f, db / 20.0f);
}
inline float gain_to_db(float g) {
    return 20.0f * std::log10(g > 1e-12f ? g : 1e-12f);
}

// sin(2*pi*x) for any x, to about 1e-4: a wrapped odd polynomial is several times
// cheaper than std::sin and exact enough for audio oscillators.
// Written without branches or std::floor so loops over it vectorise.
inline float sin_turns(float x) {
    float y = x + 0.5f;
    float whole = static_cast<float>(static_cast<int>(y));
    whole -= y < whole ? 1.0f : 0.0f;  // floor, also below zero
    x -= whole;                        // [-0.5, 0.5)
    // Fold to [-0.25, 0.25], then a 7th-order polynomial.
    x = x > 0.25f ? 0.5f - x : x;
    x = x < -0.25f ? -0.5f - x : x;
    float z = x * x;
    return x * (6.28318531f + z * (-41.3417022f + z * (81.6052493f + z * -76.7058597f)));
}

// One-pole coefficient that moves a value 63 % of the way in `seconds`.
inline float smoothing_coefficient(float seconds, float rate) {
    return seconds <= 0.0f ? 1.0f : 1.0f - std::exp(-1.0f / (seconds * rate));
}

// Sets flush-to-zero and denormals-are-zero for this thread while alive, so decaying
// feedback (reverb tails, filter states) never drops into slow subnormal arithmetic.
class DenormalGuard {
  public:
    DenormalGuard();
    ~DenormalGuard();
    DenormalGuard(const DenormalGuard&) = delete;
    DenormalGuard& operator=(const DenormalGuard&) = delete;

  private:
    std::uint64_t saved_ = 0;
};

// Eight samples of one channel, for block loops written in vectors (GCC and Clang vector
// extensions: the same operations, lane by lane, on every machine).
using Lanes = float __attribute__((vector_size(32)));

// The one-pole recurrence y[i] = u[i] + a y[i - 1] over eight samples at once (a scan):
// each lane adds its neighbours 1, 2 and 4 back weighted by a, a^2 and a^4, then what came
// before, weighted by a^(lane + 1). Each step is one lane permute (a lane with no
// neighbour that far back has weight 0), and the carry stays a vector: a permute-bound
// loop otherwise spends as much again on zero fills, extracts and broadcasts.
struct OnePoleScan {
    Lanes step1, step2, step4, carry;
    explicit OnePoleScan(float a) {
        const float a2 = a * a, a4 = a2 * a2;
        float w = a;
        for (int j = 0; j < 8; ++j, w *= a) {
            step1[j] = j >= 1 ? a : 0.0f;
            step2[j] = j >= 2 ? a2 : 0.0f;
            step4[j] = j >= 4 ? a4 : 0.0f;
            carry[j] = w;
        }
    }
    // In place: `u` the inputs, then the outputs; `before` the last output before them,
    // in every lane. (By reference, as a vector by value changes the baseline's ABI.)
    void run(Lanes& u, const Lanes& before) const {
        u += step1 * __builtin_shufflevector(u, u, 0, 0, 1, 2, 3, 4, 5, 6);
        u += step2 * __builtin_shufflevector(u, u, 0, 0, 0, 1, 2, 3, 4, 5);
        u += step4 * __builtin_shufflevector(u, u, 0, 0, 0, 0, 0, 1, 2, 3);
        u += carry * before;
    }
    // The last of eight outputs in every lane: the next eight's `before`.
    static void last(const Lanes& y, Lanes& before) {
        before = __builtin_shufflevector(y, y, 7, 7, 7, 7, 7, 7, 7, 7);
    }
};

// A one-pole low-pass over a block, y[i] = (1 - a) x[i] + a y[i - 1] from `state` (the last
// y before the block, updated): eight samples at once by a scan, so only the carry from
// one eight to the next waits (a sample-by-sample loop waits on every sample). x may be y.
void one_pole(const float* x, float* y, int n, float a, float& state);
// Two of them with the same coefficient at once (x0 to y0, x1 to y1): the same outputs, in
// little more than the time of one.
void one_pole(const float* x0, float* y0, float& state0, const float* x1, float* y1, float& state1,
              int n, float a);
// `count` of them with the same coefficient, in place (y[c] in and out): up to four at
// once, so that their chains overlap.
void one_pole(float* const* y, float* const* state, int count, int n, float a);

// Deterministic white noise, uniform in [-1, 1), for left and right at once. Each sample
// is a hash of its index and the channel's seed (lowbias32, C. Wellons), so no sample
// waits on the last and a block's samples are computed side by side (a generator that
// steps, such as xorshift, waits a handful of cycles on every sample).
class StereoNoise {
  public:
    StereoNoise(std::uint32_t seed_l = 1, std::uint32_t seed_r = 2)
        : key_l_(seed_l), key_r_(seed_r) {}
    void fill(float* left, float* right, int n);

  private:
    std::uint32_t key_l_, key_r_;
    std::uint32_t at_ = 0;  // samples given so far
};

}  // namespace ambient::dsp
