// Float samples to little-endian PCM bytes, exactly as libsndfile writes them to a WAV file
// with clipping on (each sample scaled to 32 bits, rounded to nearest, clipped, then its
// top 16 or 24 bits), but side by side: libsndfile converts one sample at a time and its
// 24-bit conversion alone cost as much as the reverb.
#pragma once

#include <cstddef>

namespace ambient {

// Bytes a PCM sample of `bits` (16 or 24) takes.
constexpr std::size_t pcm_bytes(int bits) {
    return static_cast<std::size_t>(bits) / 8;
}
// Writes `n` samples as `bits`-bit little-endian PCM: pcm_bytes(bits) * n bytes.
void pack_pcm_le(const float* in, std::size_t n, int bits, unsigned char* out);

}  // namespace ambient
