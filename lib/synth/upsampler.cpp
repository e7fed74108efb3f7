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
    // there, windowed over the taps, normalised to unity gain at DC.
    constexpr double half = taps / 2.0, beta = 8.0;
    double sum = 0.0;
    std::array<double, taps> c{};
    for (int k = 0; k < taps; ++k) {
        const double x = double(k) + 0.5 - half;  // -7.5 .. 7.5 input samples
        c[static_cast<std::size_t>(k)] =
            std::sin(M_PI * x) / (M_PI * x) * kaiser(x / (half + 0.5), beta);
        sum += c[static_cast<std::size_t>(k)];
    }
    for (int k = 0; k < taps; ++k)
        coef_[static_cast<std::size_t>(k)] =
            static_cast<float>(c[static_cast<std::size_t>(k)] / sum);
}

// Output 2i is history[i + taps/2 - 1] itself; output 2i + 1 the interpolated point after
// it. Eight outputs side by side, summed tap by tap in registers (n a multiple of eight;
// the history holds room past the block for the rest).
AMBIENT_SIMD void Upsampler2x::interpolate(const float* coef, const float* history, int n,
                                           float* even, float* odd) {
    for (int i = 0; i < n; i += 8) {
        dsp::Lanes sum = {}, v;
        for (int k = 0; k < taps; ++k) {
            std::memcpy(&v, history + i + k, sizeof v);
            sum += coef[k] * v;
        }
        std::memcpy(odd + i, &sum, sizeof sum);
        std::memcpy(&v, history + i + taps / 2 - 1, sizeof v);
        std::memcpy(even + i, &v, sizeof v);
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
        float even[max_in], odd[max_in];  // (past n: unused)
        interpolate(coef_.data(), h, n, even, odd);
        for (int i = 0; i < n; ++i) {
            out[c][2 * i] = even[i];
            out[c][2 * i + 1] = odd[i];
        }
        std::memmove(h, h + n, sizeof(float) * (taps - 1));
    }
}

}  // namespace ambient
