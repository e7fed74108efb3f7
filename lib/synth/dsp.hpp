// Small shared pieces of DSP: unit conversions, a fast sine, denormal protection.
#pragma once

#include <cmath>
#include <cstdint>

// Hot block loops are compiled several times, for AVX-512, AVX2 and the baseline, and the
// best the CPU has is picked when the program loads (GCC and Clang function multi-
// versioning). Floating-point contraction is off in the build, so every version gives the
// same samples. Only for functions whose callers all lie in the file that defines them
// (a file-local function, or a private member used only there): GCC builds the dispatcher
// wherever the declaration is seen but the versions only where the definition is.
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(AMBIENT_NO_CLONES)
#define AMBIENT_SIMD __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define AMBIENT_SIMD
#endif

namespace ambient::dsp {

inline constexpr float pi = 3.14159265358979f;
inline constexpr float two_pi = 6.28318530717959f;

inline float midi_to_hz(float note) {
    return 440.0f * std::exp2((note - 69.0f) / 12.0f);
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

// Deterministic white noise (xorshift32), uniform in [-1, 1), for left and right at once:
// two generators side by side in one vector.
class StereoNoise {
  public:
    StereoNoise(std::uint32_t seed_l = 1, std::uint32_t seed_r = 2)
        : state_{seed_l ? seed_l : 0x12345678u, seed_r ? seed_r : 0x12345678u} {}
    void fill(float* left, float* right, int n) {
        using Words = std::uint32_t __attribute__((vector_size(8)));
        using Signed = std::int32_t __attribute__((vector_size(8)));
        using Pair = float __attribute__((vector_size(8)));
        Words s = state_;
        for (int i = 0; i < n; ++i) {
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            const Pair x =
                __builtin_convertvector(reinterpret_cast<Signed>(s), Pair) * (1.0f / 2147483648.0f);
            left[i] = x[0];
            right[i] = x[1];
        }
        state_ = s;
    }

  private:
    std::uint32_t state_ __attribute__((vector_size(8)));
};

}  // namespace ambient::dsp
