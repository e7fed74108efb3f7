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

// Each sample's bytes in one store: 24-bit samples as four bytes, the fourth overwritten
// by the next sample's first (no byte shuffling).
template <int bits>
AMBIENT_SIMD void pack(const float* in, std::size_t n, unsigned char* out) {
    constexpr int shift = 32 - bits;
    constexpr std::size_t step = bits / 8, stored = bits == 24 ? 4 : 2, block = 64;
    std::int32_t v[block];
    for (std::size_t at = 0; at < n; at += block) {
        const std::size_t m = std::min(block, n - at);
        for (std::size_t i = 0; i < m; ++i) v[i] = scaled(in[at + i]) >> shift;  // floors
        for (std::size_t i = 0; i < m; ++i) {
            const auto u = static_cast<std::uint32_t>(v[i]);
            const unsigned char bytes[4] = {
                static_cast<unsigned char>(u), static_cast<unsigned char>(u >> 8),
                static_cast<unsigned char>(u >> 16), static_cast<unsigned char>(u >> 24)};
            std::memcpy(out + (at + i) * step, bytes, stored);
        }
    }
}
}  // namespace

void pack_pcm_le(const float* in, std::size_t n, int bits, unsigned char* out) {
    if (bits == 16)
        pack<16>(in, n, out);
    else
        pack<24>(in, n, out);
}

}  // namespace ambient
