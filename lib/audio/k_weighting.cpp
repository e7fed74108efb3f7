#include "audio/k_weighting.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstring>
#include <type_traits>
#include <utility>

#include "synth/dsp.hpp"

namespace ambient {

KWeighting::KWeighting(int rate) : sub_block_(static_cast<std::size_t>(rate / 10)) {
    // The K-weighting's analogue prototypes (BS.1770-4 annex 1), made digital at this rate:
    // a high shelf of +4 dB around 1.7 kHz, then the revised low-frequency B high-pass.
    const double pi = 3.14159265358979323846;
    {
        const double f0 = 1681.974450955533, gain_db = 3.999843853973347, q = 0.7071752369554196;
        const double k = std::tan(pi * f0 / rate), vh = std::pow(10.0, gain_db / 20.0),
                     vb = std::pow(vh, 0.4996667741545416), a0 = 1.0 + k / q + k * k;
        shelf_ = chunked((vh + vb * k / q + k * k) / a0, 2.0 * (k * k - vh) / a0,
                         (vh - vb * k / q + k * k) / a0, 2.0 * (k * k - 1.0) / a0,
                         (1.0 - k / q + k * k) / a0);
    }
    {
        const double f0 = 38.13547087602444, q = 0.5003270373238773;
        const double k = std::tan(pi * f0 / rate), a0 = 1.0 + k / q + k * k;
        highpass_ = chunked(1.0, -2.0, 1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0);
    }
}

// One sample through a stage in transposed direct form II.
KWeighting::Real KWeighting::step(const Biquad& q, Real* z, Real x) {
    const Real y = q.b0 * x + z[0];
    z[0] = q.b1 * x - q.a1 * y + z[1];
    z[1] = q.b2 * x - q.a2 * y;
    return y;
}

KWeighting::Chunked KWeighting::chunked(double b0, double b1, double b2, double a1, double a2) {
    const Biquad q{Real(b0), Real(b1), Real(b2), Real(a1), Real(a2)};
    Chunked c{};
    c.q = q;
    Real z[2] = {0, 0}, impulse[8];
    for (int i = 0; i < 8; ++i) impulse[i] = step(q, z, i == 0 ? 1 : 0);
    for (int j = 0; j < 8; ++j)
        for (int i = 0; i < 16; ++i) c.to_input[j][i] = i % 8 >= j ? impulse[i % 8 - j] : 0;
    for (int unit = 0; unit < 2; ++unit) {
        Real s[2] = {Real(unit == 0), Real(unit == 1)};
        for (int i = 0; i < 8; ++i) {
            const Real r = step(q, s, 0);
            (unit == 0 ? c.to_z0 : c.to_z1)[i] = (unit == 0 ? c.to_z0 : c.to_z1)[i + 8] = r;
        }
    }
    return c;
}

namespace {
using Sixteen = float __attribute__((vector_size(16 * sizeof(float))));
// Frame j of each channel, in every lane of that channel's half. (Out by reference: a
// vector returned by value changes the baseline's ABI.)
template <int j>
inline void frame(const Sixteen& x, Sixteen& out) {
    out = __builtin_shufflevector(x, x, j, j, j, j, j, j, j, j, j + 8, j + 8, j + 8, j + 8, j + 8,
                                  j + 8, j + 8, j + 8);
}
// The inputs' share of eight outputs, summed as a tree (pairs, then pairs of pairs) so that
// no add waits on more than three before it.
template <int... j>
inline void inputs_share(Sixteen& y, const Sixteen* to_input, const Sixteen& x,
                         std::integer_sequence<int, j...>) {
    Sixteen term[8], at;
    ((frame<j>(x, at), term[j] = to_input[j] * at), ...);
    y = ((term[0] + term[1]) + (term[2] + term[3])) + ((term[4] + term[5]) + (term[6] + term[7]));
}
}  // namespace

// Eight frames of one stage, both channels, x into y.
inline void KWeighting::chunk_through(const Chunked& c, State& z, const Sixteen& x, Sixteen& y) {
    // The inputs' share first, the state's last: only the state's two terms wait on the
    // eight frames before.
    inputs_share(y, c.to_input, x, std::make_integer_sequence<int, 8>{});
    y += c.to_z0 * z.z0 + c.to_z1 * z.z1;
    const auto& q = c.q;
    Sixteen x7, y7, x6, y6;
    frame<7>(x, x7);
    frame<7>(y, y7);
    frame<6>(x, x6);
    frame<6>(y, y6);
    z.z1 = q.b2 * x7 - q.a2 * y7;
    z.z0 = q.b1 * x7 - q.a1 * y7 + (q.b2 * x6 - q.a2 * y6);
}

// The K-weighting over `frames` frames, eight at a time (channel samples `stride` apart:
// the stride is spelt out for the two there are, so that each reads as one load).
AMBIENT_SIMD double KWeighting::weigh_simd(const float* left, const float* right,
                                           std::size_t stride, std::size_t frames) {
    Sixteen energy = {};
    std::size_t f = 0;
    if (frames >= 8) {
        State shelf, highpass;  // the state in vectors while eights run
        shelf.z0 = Sixteen{} + state_[0][0][0];
        shelf.z1 = Sixteen{} + state_[0][0][1];
        highpass.z0 = Sixteen{} + state_[0][1][0];
        highpass.z1 = Sixteen{} + state_[0][1][1];
        for (int i = 8; i < 16; ++i) {
            shelf.z0[i] = state_[1][0][0];
            shelf.z1[i] = state_[1][0][1];
            highpass.z0[i] = state_[1][1][0];
            highpass.z1[i] = state_[1][1][1];
        }
        auto through = [&](const Sixteen& x) {
            Sixteen shelved, y;
            chunk_through(shelf_, shelf, x, shelved);
            chunk_through(highpass_, highpass, shelved, y);
            energy += y * y;
        };
        if (stride == 1) {  // two planes: eight of each, side by side
            for (; f + 8 <= frames; f += 8) {
                float both[16];
                std::memcpy(both, left + f, 8 * sizeof(float));
                std::memcpy(both + 8, right + f, 8 * sizeof(float));
                Sixteen x;
                std::memcpy(&x, both, sizeof x);
                through(x);
            }
        } else {  // interleaved: sixteen samples, the lefts gathered first
            assert(right == left + 1);
            for (; f + 8 <= frames; f += 8) {
                Sixteen pairs;
                std::memcpy(&pairs, left + 2 * f, sizeof pairs);
                through(__builtin_shufflevector(pairs, pairs, 0, 2, 4, 6, 8, 10, 12, 14, 1, 3, 5, 7,
                                                9, 11, 13, 15));
            }
        }
        for (int c = 0; c < 2; ++c) {
            state_[c][0][0] = shelf.z0[8 * c];
            state_[c][0][1] = shelf.z1[8 * c];
            state_[c][1][0] = highpass.z0[8 * c];
            state_[c][1][1] = highpass.z1[8 * c];
        }
    }
    double sum = 0.0;
    for (int i = 0; i < 8; ++i) sum += energy[i] + energy[i + 8];
    const float* in[2] = {left, right};
    for (; f < frames; ++f)
        for (int c = 0; c < 2; ++c) {
            const Real y =
                step(highpass_.q, state_[c][1], step(shelf_.q, state_[c][0], in[c][stride * f]));
            sum += double(y) * double(y);
        }
    return sum;
}

double KWeighting::weigh(const float* left, const float* right, std::size_t stride,
                         std::size_t frames) {
    return weigh_simd(left, right, stride, frames);
}

double lufs_of(double mean_square) {
    return -0.691 + 10.0 * std::log10(mean_square);
}

double IntegratedLoudness::integrated() const {
    // 400 ms blocks every 100 ms: the mean of four sub-blocks.
    std::vector<double> blocks;
    for (std::size_t i = 3; i < sub_means_.size(); ++i)
        blocks.push_back(
            0.25 * (sub_means_[i - 3] + sub_means_[i - 2] + sub_means_[i - 1] + sub_means_[i]));
    auto gated_mean = [&](double gate, double& mean) {
        double sum = 0.0;
        std::size_t n = 0;
        for (double z : blocks)
            if (z > 0.0 && lufs_of(z) > gate) sum += z, ++n;
        if (n == 0) return false;
        mean = sum / double(n);
        return true;
    };
    double mean = 0.0;
    if (!gated_mean(-70.0, mean)) return -200.0;
    if (!gated_mean(lufs_of(mean) - 10.0, mean)) return -200.0;
    return lufs_of(mean);
}

double ShortTermLoudness::short_term() const {
    double sum = 0.0;
    for (std::size_t i = 0; i < held_; ++i) sum += recent_[i];
    return held_ > 0 && sum > 0.0 ? lufs_of(sum / double(held_)) : -200.0;
}

}  // namespace ambient
