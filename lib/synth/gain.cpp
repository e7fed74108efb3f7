#include "synth/gain.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace ambient {

namespace {
constexpr float glide_per_sample = 0.001f;
constexpr int glide_chunk = 64;

// What is left of the distance to the target after 1, 2, ... glide_chunk samples.
const std::array<float, glide_chunk>& remaining() {
    static const std::array<float, glide_chunk> table = [] {
        std::array<float, glide_chunk> t{};
        for (int i = 0; i < glide_chunk; ++i)
            t[static_cast<std::size_t>(i)] =
                static_cast<float>(std::pow(1.0 - double(glide_per_sample), i + 1));
        return t;
    }();
    return table;
}

AMBIENT_SIMD void scale(float* left, float* right, int n, float gain) {
    AMBIENT_NO_OVERLAP
    for (int i = 0; i < n; ++i) {
        left[i] *= gain;
        right[i] *= gain;
    }
}

AMBIENT_SIMD void glide(float* left, float* right, int n, float target, float distance,
                        const float* left_after) {
    AMBIENT_NO_OVERLAP
    for (int i = 0; i < n; ++i) {
        const float g = target + distance * left_after[i];
        left[i] *= g;
        right[i] *= g;
    }
}
}  // namespace

void Gain::process(float* left, float* right, int frames) {
    const std::array<float, glide_chunk>& after = remaining();
    for (int at = 0; at < frames; at += glide_chunk) {
        const int n = std::min(glide_chunk, frames - at);
        if (std::fabs(target_ - gain_) <= 1e-6f * target_) gain_ = target_;
        if (gain_ == target_) {
            scale(left + at, right + at, frames - at, gain_);
            return;
        }
        const float distance = gain_ - target_;
        glide(left + at, right + at, n, target_, distance, after.data());
        gain_ = target_ + distance * after[static_cast<std::size_t>(n - 1)];
    }
}

}  // namespace ambient
