// Integrated loudness (ITU-R BS.1770-4, EBU R 128) of a stereo piece, in one pass and
// cheaply: the K-weighting's two biquads per channel, mean squares per 100 ms, and the
// absolute (-70 LUFS) and relative (-10 LU) gates over 400 ms blocks at the end.
//
// libebur128 (audio/loudness.hpp) measures the same and more (short-term, true peak) at
// about 1000x real time, which would cost as much as rendering the music; this one does
// only what a file's normalisation needs, several times faster, and a unit test holds it
// to libebur128 within 0.02 LU.
#pragma once

#include <cstddef>
#include <vector>

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
    Biquad shelf_{}, highpass_{};
    double coef_[20] = {};   // b0, b1, b2, a1, a2, each for the four lanes of the vector
    double state_[10] = {};  // the lanes' two states, and the first stage's last output
    std::size_t sub_block_;  // frames in 100 ms
    std::size_t in_sub_ = 0;
    double sum_ = 0.0;
    std::vector<double> sub_means_;  // mean square (both channels summed) of each 100 ms
};

}  // namespace ambient
