// Twice the sample rate, for a part synthesised at half the rate (the pads): each input
// sample gives two output samples, the sample itself and the point halfway to the next,
// interpolated by a Kaiser-windowed sinc of 16 taps. In input-rate terms: flat within
// 0.01 dB up to 0.3 of the rate (7.2 kHz of 24), -0.2 dB at 0.4 (9.6 kHz), and the images
// of what lies under 0.3 at least 72 dB down: made for a part whose low-pass keeps it
// under 0.2 of the input rate (at 48 kHz out, the images of the pads' low notes near 23 kHz
// lie under -110 dBFS). Stereo, in blocks.
#pragma once

#include <array>

#include "synth/dsp.hpp"

namespace ambient {

class Upsampler2x {
  public:
    static constexpr int taps = 16;
    static constexpr int max_in = 256;  // input samples a pass works at most (a block of the pads)
    // Output frames an input sample lags by: the interpolation looks half its taps ahead.
    static constexpr int latency = taps;

    Upsampler2x();
    // `n` input frames in, 2n output frames out (out_* hold 2n).
    void process(const float* in_l, const float* in_r, int n, float* out_l, float* out_r);

  private:
    void process_block(const float* in_l, const float* in_r, int n, float* out_l, float* out_r);
    AMBIENT_SIMD static void interpolate(const float* coef, const float* history, int n, float* out,
                                         float* rest);
    std::array<float, taps> coef_{};
    // Each channel's last taps - 1 inputs, then room for a block (and for the eight
    // outputs a pass works at a time, the block rounded up).
    std::array<std::array<float, taps - 1 + max_in + 8>, 2> history_{};
};

}  // namespace ambient
