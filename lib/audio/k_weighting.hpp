// Loudness (ITU-R BS.1770-4, EBU R 128) of a stereo signal, in one pass and cheaply: the
// K-weighting's two biquads per channel (eight frames of both channels at a time from
// their responses, so that a biquad does not wait on every frame) and the mean square per
// 100 ms; from those, the integrated loudness of a piece (the absolute -70 LUFS and
// relative -10 LU gates over 400 ms blocks) and the short-term loudness of its last 3 s.
//
// libebur128 (audio/loudness.hpp) measures the same and more (true peak) at about 1000x
// real time, which would cost as much as rendering the music; these do only what
// normalisation (a file's, or live output's) needs, several times faster, and unit tests
// hold them to libebur128 within 0.02 LU.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <vector>

#include "synth/dsp.hpp"

namespace ambient {

// The K-weighted mean square (both channels summed) of each 100 ms of a stereo signal.
class KWeighting {
  public:
    explicit KWeighting(int rate);
    // Adds `frames` frames, channel samples `stride` apart (2: interleaved, `right` being
    // `left + 1`; 1: two planes);
    // calls done(mean_square) for each 100 ms completed.
    template <typename Done>
    void add(const float* left, const float* right, std::size_t stride, std::size_t frames,
             Done&& done) {
        while (frames > 0) {
            const std::size_t n = std::min(frames, sub_block_ - in_sub_);
            sum_ += weigh(left, right, stride, n);
            left += stride * n;
            right += stride * n;
            frames -= n;
            if ((in_sub_ += n) == sub_block_) {
                done(sum_ / double(sub_block_));
                sum_ = 0.0;
                in_sub_ = 0;
            }
        }
    }

  private:
    // Single precision runs the filters: two stages of a few dB of gain measured to a
    // hundredth of a LU (the unit tests hold it to libebur128's doubles), and eight lanes of
    // it are half the work of eight in double.
    using Real = float;
    struct Biquad {
        Real b0, b1, b2, a1, a2;
    };
    // Eight frames of both channels: left in lanes 0-7, right in 8-15.
    using Sixteen = Real __attribute__((vector_size(16 * sizeof(Real))));
    // A stage's outputs over eight frames from its inputs and the state before them (the
    // filter is linear): input j's share is to_input[j] (its impulse response from lane j
    // on), the state's is to_z0, to_z1; each twice, for both channels. The state after
    // follows from the last two frames.
    struct Chunked {
        Biquad q;
        Sixteen to_input[8], to_z0, to_z1;
    };
    // A stage's state in every lane of its channel's half.
    struct State {
        Sixteen z0, z1;
    };
    static Chunked chunked(double b0, double b1, double b2, double a1, double a2);
    static Real step(const Biquad& q, Real* z, Real x);
    static void chunk_through(const Chunked& c, State& z, const Sixteen& x, Sixteen& y);
    // The weighted frames' sum of squares (both channels).
    double weigh(const float* left, const float* right, std::size_t stride, std::size_t frames);
    AMBIENT_SIMD double weigh_simd(const float* left, const float* right, std::size_t stride,
                                   std::size_t frames);

    Chunked shelf_{}, highpass_{};
    Real state_[2][2][2] = {};  // channel, stage (shelf, high-pass), transposed direct form II
    std::size_t sub_block_;     // frames in 100 ms
    std::size_t in_sub_ = 0;
    double sum_ = 0.0;
};

// LUFS of a mean square.
double lufs_of(double mean_square);

// The integrated loudness of a whole piece.
class IntegratedLoudness {
  public:
    explicit IntegratedLoudness(int rate) : weighting_(rate) {}
    void add(const float* interleaved_stereo, std::size_t frames) {
        weighting_.add(interleaved_stereo, interleaved_stereo + 1, 2, frames,
                       [this](double mean) { sub_means_.push_back(mean); });
    }
    // LUFS; -200 until a block passes the gates.
    double integrated() const;

  private:
    KWeighting weighting_;
    std::vector<double> sub_means_;  // of each 100 ms
};

// The short-term loudness: the last 3 s (as much as there is at the start), in whole
// 100 ms steps; memory stays the same however long it runs.
class ShortTermLoudness {
  public:
    explicit ShortTermLoudness(int rate) : weighting_(rate) {}
    void add(const float* left, const float* right, std::size_t frames) {
        weighting_.add(left, right, 1, frames, [this](double mean) {
            recent_[next_] = mean;
            next_ = (next_ + 1) % recent_.size();
            held_ = std::min(held_ + 1, recent_.size());
        });
    }
    // LUFS; -200 before the first 100 ms or in silence.
    double short_term() const;

  private:
    KWeighting weighting_;
    std::array<double, 30> recent_{};  // mean squares of the last 30 steps of 100 ms
    std::size_t next_ = 0, held_ = 0;
};

}  // namespace ambient
