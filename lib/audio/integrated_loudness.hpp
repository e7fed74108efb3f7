// Integrated loudness (ITU-R BS.1770-4, EBU R 128) of a stereo piece, in one pass and
// cheaply: the K-weighting's two biquads per channel (in double precision, eight frames
// at a time from their responses, so that a biquad does not wait on every frame), mean
// squares per 100 ms, and the absolute (-70 LUFS) and relative (-10 LU) gates over 400 ms
// blocks at the end.
//
// libebur128 (audio/loudness.hpp) measures the same and more (short-term, true peak) at
// about 1000x real time, which would cost as much as rendering the music; this one does
// only what a file's normalisation needs, several times faster, and a unit test holds it
// to libebur128 within 0.02 LU.
#pragma once

#include <cstddef>
#include <vector>

#include "synth/dsp.hpp"

namespace ambient {

class IntegratedLoudness {
  public:
    explicit IntegratedLoudness(int rate);
    void add(const float* interleaved_stereo, std::size_t frames);
    // LUFS; -200 until a block passes the gates.
    double integrated() const;

  private:
    struct Biquad {
        double b0, b1, b2, a1, a2;
    };
    using Eight = double __attribute__((vector_size(64)));
    // A stage's outputs over eight frames from its inputs and the state before them (the
    // filter is linear): input j's share is to_input[j] (its impulse response from lane j
    // on), the state's is to_z0, to_z1. The state after follows from the last two.
    struct Chunked {
        Biquad q;
        Eight to_input[8], to_z0, to_z1;
    };
    static Chunked chunked(const Biquad& q);
    static double step(const Biquad& q, double* z, double x);
    static void chunk_through(const Chunked& c, double* z, const Eight& x, Eight& y);
    AMBIENT_SIMD double weigh(const float* x, std::size_t frames);

    Chunked shelf_{}, highpass_{};
    double state_[2][2][2] = {};  // channel, stage (shelf, high-pass), transposed direct form II
    std::size_t sub_block_;       // frames in 100 ms
    std::size_t in_sub_ = 0;
    double sum_ = 0.0;
    std::vector<double> sub_means_;  // mean square (both channels summed) of each 100 ms
};

}  // namespace ambient
