#include "audio/integrated_loudness.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "synth/dsp.hpp"

namespace ambient {

IntegratedLoudness::IntegratedLoudness(int rate) : sub_block_(static_cast<std::size_t>(rate / 10)) {
    // The K-weighting's analogue prototypes (BS.1770-4 annex 1), made digital at this rate:
    // a high shelf of +4 dB around 1.7 kHz, then the revised low-frequency B high-pass.
    const double pi = 3.14159265358979323846;
    {
        const double f0 = 1681.974450955533, gain_db = 3.999843853973347, q = 0.7071752369554196;
        const double k = std::tan(pi * f0 / rate), vh = std::pow(10.0, gain_db / 20.0),
                     vb = std::pow(vh, 0.4996667741545416), a0 = 1.0 + k / q + k * k;
        shelf_ = {(vh + vb * k / q + k * k) / a0, 2.0 * (k * k - vh) / a0,
                  (vh - vb * k / q + k * k) / a0, 2.0 * (k * k - 1.0) / a0,
                  (1.0 - k / q + k * k) / a0};
    }
    {
        const double f0 = 38.13547087602444, q = 0.5003270373238773;
        const double k = std::tan(pi * f0 / rate), a0 = 1.0 + k / q + k * k;
        highpass_ = {1.0, -2.0, 1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0};
    }
    // Lanes: shelf left, shelf right, high-pass left, high-pass right.
    const Biquad* stage[4] = {&shelf_, &shelf_, &highpass_, &highpass_};
    for (int lane = 0; lane < 4; ++lane) {
        coef_[lane] = stage[lane]->b0;
        coef_[4 + lane] = stage[lane]->b1;
        coef_[8 + lane] = stage[lane]->b2;
        coef_[12 + lane] = stage[lane]->a1;
        coef_[16 + lane] = stage[lane]->a2;
    }
}

namespace {
// The K-weighting over `n` frames: the two stages and both channels in one vector of four
// doubles, the second stage a frame behind the first (it takes the first's last output).
// Returns the sum of squares of the weighted frames, each counted a frame late.
AMBIENT_SIMD double k_weighted_energy(const float* x, std::size_t n, const double* coef,
                                      double* state) {
    using Quad = double __attribute__((vector_size(32)));
    Quad b0, b1, b2, a1, a2, z0, z1;
    std::memcpy(&b0, coef, sizeof b0);
    std::memcpy(&b1, coef + 4, sizeof b1);
    std::memcpy(&b2, coef + 8, sizeof b2);
    std::memcpy(&a1, coef + 12, sizeof a1);
    std::memcpy(&a2, coef + 16, sizeof a2);
    std::memcpy(&z0, state, sizeof z0);
    std::memcpy(&z1, state + 4, sizeof z1);
    double mid_l = state[8], mid_r = state[9];
    const Quad second = {0.0, 0.0, 1.0, 1.0};
    Quad energy = {0.0, 0.0, 0.0, 0.0};
    for (std::size_t f = 0; f < n; ++f) {
        // Transposed direct form II.
        const Quad in = {x[2 * f], x[2 * f + 1], mid_l, mid_r};
        const Quad out = b0 * in + z0;
        z0 = b1 * in - a1 * out + z1;
        z1 = b2 * in - a2 * out;
        mid_l = out[0];
        mid_r = out[1];
        energy += out * out * second;
    }
    std::memcpy(state, &z0, sizeof z0);
    std::memcpy(state + 4, &z1, sizeof z1);
    state[8] = mid_l;
    state[9] = mid_r;
    return energy[2] + energy[3];
}
}  // namespace

void IntegratedLoudness::add(const float* x, std::size_t frames) {
    while (frames > 0) {
        const std::size_t n = std::min(frames, sub_block_ - in_sub_);
        sum_ += k_weighted_energy(x, n, coef_, state_);
        x += 2 * n;
        frames -= n;
        if ((in_sub_ += n) == sub_block_) {
            sub_means_.push_back(sum_ / double(sub_block_));
            sum_ = 0.0;
            in_sub_ = 0;
        }
    }
}

double IntegratedLoudness::integrated() const {
    // 400 ms blocks every 100 ms: the mean of four sub-blocks.
    std::vector<double> blocks;
    for (std::size_t i = 3; i < sub_means_.size(); ++i)
        blocks.push_back(
            0.25 * (sub_means_[i - 3] + sub_means_[i - 2] + sub_means_[i - 1] + sub_means_[i]));
    auto lufs = [](double z) { return -0.691 + 10.0 * std::log10(z); };
    auto gated_mean = [&](double gate, double& mean) {
        double sum = 0.0;
        std::size_t n = 0;
        for (double z : blocks)
            if (z > 0.0 && lufs(z) > gate) sum += z, ++n;
        if (n == 0) return false;
        mean = sum / double(n);
        return true;
    };
    double mean = 0.0;
    if (!gated_mean(-70.0, mean)) return -200.0;
    if (!gated_mean(lufs(mean) - 10.0, mean)) return -200.0;
    return lufs(mean);
}

}  // namespace ambient
