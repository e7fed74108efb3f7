// A seeded random source whose sequence is fixed by this code alone.
//
// The std:: distributions differ between standard libraries, so "same seed, same
// output" would break across machines; we draw from splitmix64 (Steele et al., 2014)
// and derive every distribution here.
#pragma once

#include <cstdint>
#include <span>

namespace ambient {

// Mixes several values into one well-spread 64-bit seed (e.g. a tool seed and a phrase seed).
std::uint64_t mix_seed(std::uint64_t a, std::uint64_t b);

class Rng {
  public:
    explicit Rng(std::uint64_t seed) : state_(seed) {}

    std::uint64_t next_u64();
    // Uniform in [0, 1).
    double uniform();
    // Uniform in [lo, hi).
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    // Uniform integer in [0, n); n must be > 0.
    std::uint32_t below(std::uint32_t n);
    // True with probability p.
    bool chance(double p) { return uniform() < p; }
    // Index drawn in proportion to non-negative weights; -1 when all weights are zero.
    int weighted(std::span<const double> weights);

  private:
    std::uint64_t state_;
};

}  // namespace ambient
