#include "audio/pcm_pack.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "synth/dsp.hpp"

namespace ambient {

namespace {
// The sample as libsndfile's 32-bit intermediate: x 2^31, rounded to nearest (even), clipped
// to the 32-bit range (the largest float under 2^31 is 2^31 - 128; at or past it, full scale).
inline std::int32_t scaled(float x) {
    const float y = std::min(std::max(x * 2147483648.0f, -2147483648.0f), 2147483520.0f);
    // Rounded in float (ties to even, as lrintf), then converted exactly: both side by side
    // (lrint's long result would keep the loop a sample at a time).
    return static_cast<std::int32_t>(std::nearbyint(y));
}

using Floats = float __attribute__((vector_size(32)));
using Ints = std::int32_t __attribute__((vector_size(32)));
using Bytes = unsigned char __attribute__((vector_size(32)));

// scaled() for eight samples side by side. Under 2^23 a float can hold a fraction: adding
// and taking away 2^23 (with the sample's sign) rounds it to nearest, ties to even, as
// nearbyint does; from 2^23 up every float is a whole number already.
inline void scaled_eight(const float* in, Ints& v) {
    const Floats lowest = Floats{} - 2147483648.0f, highest = Floats{} + 2147483520.0f;
    const Floats whole = Floats{} + 8388608.0f;
    Floats y;
    std::memcpy(&y, in, sizeof y);
    y *= 2147483648.0f;
    y = y < lowest ? lowest : y;
    y = y > highest ? highest : y;
    const Floats s = y < 0.0f ? -whole : whole;
    const Floats rounded = (y + s) - s;
    y = (y < whole && y > -whole) ? rounded : y;
    v = __builtin_convertvector(y, Ints);
}

// The first 24 bytes of `v` to `out`: its low half, then a lane of its high half, straight
// from registers (24 bytes copied from a vector go by way of the stack, and loading parts of
// a vector just stored there waits on the store).
inline void store24(const Bytes& v, unsigned char* out) {
    using Half = unsigned char __attribute__((vector_size(16)));
    using Quads = unsigned long long __attribute__((vector_size(32)));
    const Half low =
        __builtin_shufflevector(v, v, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    Quads quads;
    std::memcpy(&quads, &v, sizeof quads);
    const unsigned long long high = quads[2];
    std::memcpy(out, &low, sizeof low);
    std::memcpy(out + sizeof low, &high, sizeof high);
}

// Eight samples at a time: scaled, their top bytes, and those bytes gathered by one
// shuffle (each sample's low 16 or 24 bits, in order) into 16 or 24 bytes stored at once.
// (A template inlined into one SIMD function per width: Clang versions no templates.)
template <int bits>
[[gnu::always_inline]] inline void pack(const float* in, std::size_t n, unsigned char* out) {
    constexpr int shift = 32 - bits;
    constexpr std::size_t step = bits / 8;
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        Ints v;
        scaled_eight(in + i, v);
        v >>= shift;  // floors
        Bytes b;
        std::memcpy(&b, &v, sizeof b);
        if constexpr (bits == 24) {
            const Bytes packed =
                __builtin_shufflevector(b, b, 0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, 16, 17, 18,
                                        20, 21, 22, 24, 25, 26, 28, 29, 30, 0, 0, 0, 0, 0, 0, 0, 0);
            store24(packed, out + i * step);
        } else {
            const Bytes packed =
                __builtin_shufflevector(b, b, 0, 1, 4, 5, 8, 9, 12, 13, 16, 17, 20, 21, 24, 25, 28,
                                        29, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
            std::memcpy(out + i * step, &packed, 8 * step);
        }
    }
    for (; i < n; ++i) {
        const auto u = static_cast<std::uint32_t>(scaled(in[i]) >> shift);
        for (std::size_t k = 0; k < step; ++k)
            out[i * step + k] = static_cast<unsigned char>(u >> (8 * k));
    }
}
AMBIENT_SIMD void pack16(const float* in, std::size_t n, unsigned char* out) {
    pack<16>(in, n, out);
}
AMBIENT_SIMD void pack24(const float* in, std::size_t n, unsigned char* out) {
    pack<24>(in, n, out);
}
}  // namespace

void pack_pcm_le(const float* in, std::size_t n, int bits, unsigned char* out) {
    if (bits == 16)
        pack16(in, n, out);
    else
        pack24(in, n, out);
}

}  // namespace ambient
