#include "synth/svf.hpp"

#include <cstring>

namespace ambient {

void StereoSvf::run_chunks(const float* in_l, const float* in_r, float* out_l, float* out_r,
                           int chunks) {
    float ic1[2] = {ic1_[0], ic1_[1]}, ic2[2] = {ic2_[0], ic2_[1]};
    const float* const in[2] = {in_l, in_r};
    float* const out[2] = {out_l, out_r};
    run_chunks_simd(responses_, ic1, ic2, in, out, chunks);
    ic1_ = Pair{ic1[0], ic1[1]};
    ic2_ = Pair{ic2[0], ic2[1]};
}

// Chunk by chunk, the two channels side by side: only the states wait on the chunk before.
AMBIENT_SIMD void StereoSvf::run_chunks_simd(const Responses* r, float* ic1, float* ic2,
                                             const float* const in[2], float* const out[2],
                                             int chunks) {
    // The states in locals, each in its lane of a vector (`own`, added back whole:
    // Responses): through the pointers every chunk would store and reload them (the
    // outputs might alias them), and that wait is the loop's only chain.
    static_assert(ic1_lane == 6 && ic2_lane == 7 && sizeof(Wide) == 8 * sizeof(float));
    Wide own[2] = {};
    for (int c = 0; c < 2; ++c) {
        own[c][ic1_lane] = ic1[c];
        own[c][ic2_lane] = ic2[c];
    }
    const Wide zero = {};
    for (int q = 0; q < chunks; ++q)
        for (int c = 0; c < 2; ++c) {
            const Responses& rc = r[c];
            const float* x = in[c] + q * chunk;
            // The inputs' part first, in two sums: it waits on no earlier chunk, so it is
            // worked out ahead while the state's terms, the only chain, are added last.
            Wide even = rc.to_input[0] * x[0], odd = rc.to_input[1] * x[1];
            for (int j = 2; j < chunk; j += 2) {
                even += rc.to_input[j] * x[j];
                odd += rc.to_input[j + 1] * x[j + 1];
            }
            // (Lanes broadcast and stored by shuffles: taken one by one, the compiler
            // sends the vector through memory, and the chain waits on that.)
            const Wide ic1 = __builtin_shufflevector(own[c], own[c], 6, 6, 6, 6, 6, 6, 6, 6);
            const Wide ic2 = __builtin_shufflevector(own[c], own[c], 7, 7, 7, 7, 7, 7, 7, 7);
            const Wide w = ((even + odd) + own[c]) + (rc.to_ic1 * ic1 + rc.to_ic2 * ic2);
            using Four = float __attribute__((vector_size(16)));
            using Two = float __attribute__((vector_size(8)));
            const Four first = __builtin_shufflevector(w, w, 0, 1, 2, 3);
            const Two then = __builtin_shufflevector(w, w, 4, 5);
            std::memcpy(out[c] + q * chunk, &first, sizeof first);
            std::memcpy(out[c] + q * chunk + 4, &then, sizeof then);
            own[c] = __builtin_shufflevector(w, zero, 8, 8, 8, 8, 8, 8, 6, 7);
        }
    for (int c = 0; c < 2; ++c) {
        ic1[c] = own[c][ic1_lane];
        ic2[c] = own[c][ic2_lane];
    }
}

}  // namespace ambient
