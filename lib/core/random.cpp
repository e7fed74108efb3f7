#include "core/random.hpp"

namespace ambient {

namespace {
std::uint64_t splitmix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
}  // namespace

std::uint64_t mix_seed(std::uint64_t a, std::uint64_t b) {
    std::uint64_t s = a ^ (b * 0xD1B54A32D192ED03ull);
    splitmix64(s);
    return splitmix64(s);
}

std::uint64_t Rng::next_u64() {
    return splitmix64(state_);
}

double Rng::uniform() {
    return static_cast<double>(next_u64() >> 11) * 0x1.0p-53;
}

std::uint32_t Rng::below(std::uint32_t n) {
    // Multiply-shift (Lemire); the tiny bias is irrelevant for music.
    return static_cast<std::uint32_t>(((next_u64() >> 32) * n) >> 32);
}

int Rng::weighted(std::span<const double> weights) {
    double total = 0.0;
    for (double w : weights) total += w > 0.0 ? w : 0.0;
    if (total <= 0.0) return -1;
    double pick = uniform() * total;
    int last = -1;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        if (weights[i] <= 0.0) continue;
        last = static_cast<int>(i);
        if (pick < weights[i]) return last;
        pick -= weights[i];
    }
    return last;  // rounding left us past the end: the last positive weight
}

}  // namespace ambient
