#include "synth/upsampler.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace ambient {

namespace {
// Kaiser's window (beta 8: the trade of stopband against passband in upsampler.hpp).
double kaiser(double x, double beta) {  // x in [-1, 1]
    return std::cyl_bessel_i(0.0, beta * std::sqrt(std::max(0.0, 1.0 - x * x))) /
           std::cyl_bessel_i(0.0, beta);
}
}  // namespace

Upsampler2x::Upsampler2x() {
    // The point halfway between history samples taps/2 - 1 and taps/2: a sinc centred
    // there, windowed over the taps, normalised to unity gain at DC. Symmetric, so worked
    // out for the first half and mirrored (interpolate() pairs the taps).
    constexpr double half = taps / 2.0, beta = 8.0;
    double sum = 0.0;
    std::array<double, taps> c{};
    for (int k = 0; k < taps / 2; ++k) {
        const double x = double(k) + 0.5 - half;  // -7.5 .. -0.5 input samples
        const double w = std::sin(M_PI * x) / (M_PI * x) * kaiser(x / (half + 0.5), beta);
        c[static_cast<std::size_t>(k)] = c[static_cast<std::size_t>(taps - 1 - k)] = w;
        sum += 2.0 * w;
    }
    for (int k = 0; k < taps; ++k)
        coef_[static_cast<std::size_t>(k)] =
            static_cast<float>(c[static_cast<std::size_t>(k)] / sum);
}

// Output 2i is history[i + taps/2 - 1] itself; output 2i + 1 the interpolated point after
// it, each pair of taps the same distance from the middle summed before it is weighted.
// Eight pairs of outputs side by side, summed in registers and interleaved there: `out`
// takes the whole eights of n; the rest go to `rest` (room for 16), as the history holds
// room past the block for them.
AMBIENT_SIMD void Upsampler2x::interpolate(const float* coef, const float* history, int n,
                                           float* out, float* rest) {
    for (int i = 0; i < n; i += 8) {
        dsp::Lanes sum = {}, v, w;
        for (int k = 0; k < taps / 2; ++k) {
            std::memcpy(&v, history + i + k, sizeof v);
            std::memcpy(&w, history + i + taps - 1 - k, sizeof w);
            sum += coef[k] * (v + w);
        }
        std::memcpy(&v, history + i + taps / 2 - 1, sizeof v);
        const dsp::Lanes low = __builtin_shufflevector(v, sum, 0, 8, 1, 9, 2, 10, 3, 11);
        const dsp::Lanes high = __builtin_shufflevector(v, sum, 4, 12, 5, 13, 6, 14, 7, 15);
        float* to = i + 8 <= n ? out + 2 * i : rest;
        std::memcpy(to, &low, sizeof low);
        std::memcpy(to + 8, &high, sizeof high);
    }
}

void Upsampler2x::process(const float* in_l, const float* in_r, int n, float* out_l, float* out_r) {
    for (int done = 0; done < n; done += max_in)
        process_block(in_l + done, in_r + done, std::min(max_in, n - done), out_l + 2 * done,
                      out_r + 2 * done);
}

void Upsampler2x::process_block(const float* in_l, const float* in_r, int n, float* out_l,
                                float* out_r) {
    const float* in[2] = {in_l, in_r};
    float* out[2] = {out_l, out_r};
    for (int c = 0; c < 2; ++c) {
        float* h = history_[static_cast<std::size_t>(c)].data();
        std::memcpy(h + taps - 1, in[c], sizeof(float) * static_cast<std::size_t>(n));
        float rest[16];
        interpolate(coef_.data(), h, n, out[c], rest);
        const int whole = n / 8 * 8;
        std::copy(rest, rest + 2 * (n - whole), out[c] + 2 * whole);
        std::memmove(h, h + n, sizeof(float) * (taps - 1));
    }
}

}  // namespace ambient
