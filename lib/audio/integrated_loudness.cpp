#include "audio/integrated_loudness.hpp"

#include <cmath>

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
}

void IntegratedLoudness::add(const float* x, std::size_t frames) {
    // Both channels side by side in one vector of two doubles.
    using Pair = double __attribute__((vector_size(16)));
    const Biquad s = shelf_, h = highpass_;
    Pair sum = {sum_, 0.0};
    Pair z0 = {state_[0][0], state_[1][0]}, z1 = {state_[0][1], state_[1][1]},
         z2 = {state_[0][2], state_[1][2]}, z3 = {state_[0][3], state_[1][3]};
    for (std::size_t f = 0; f < frames; ++f) {
        // Transposed direct form II, both stages.
        const Pair in = {x[2 * f], x[2 * f + 1]};
        const Pair mid = s.b0 * in + z0;
        z0 = s.b1 * in - s.a1 * mid + z1;
        z1 = s.b2 * in - s.a2 * mid;
        const Pair out = h.b0 * mid + z2;
        z2 = h.b1 * mid - h.a1 * out + z3;
        z3 = h.b2 * mid - h.a2 * out;
        sum += out * out;
        if (++in_sub_ == sub_block_) {
            sub_means_.push_back((sum[0] + sum[1]) / double(sub_block_));
            sum = Pair{0.0, 0.0};
            in_sub_ = 0;
        }
    }
    sum_ = sum[0] + sum[1];
    for (int c = 0; c < 2; ++c) {
        state_[c][0] = z0[c];
        state_[c][1] = z1[c];
        state_[c][2] = z2[c];
        state_[c][3] = z3[c];
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
