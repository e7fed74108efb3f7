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
    for (int q = 0; q < chunks; ++q)
        for (int c = 0; c < 2; ++c) {
            const Responses& rc = r[c];
            const float* x = in[c] + q * chunk;
            Wide w = rc.to_ic1 * ic1[c] + rc.to_ic2 * ic2[c];
            for (int j = 0; j < chunk; ++j) w += rc.to_input[j] * x[j];
            std::memcpy(out[c] + q * chunk, &w, chunk * sizeof(float));
            ic1[c] = w[ic1_lane];
            ic2[c] = w[ic2_lane];
        }
}

}  // namespace ambient
