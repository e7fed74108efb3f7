// Sample-rate conversion to the stream's 48 kHz through libsamplerate (a sinc
// converter), so input at 44.1 kHz or 96 kHz streams at the right pitch and speed.
#pragma once

#include <memory>
#include <vector>

typedef struct SRC_STATE_tag SRC_STATE;

namespace ambient {

class Resampler {
  public:
    // `channels` interleaved channels from `from_rate` to `to_rate`. Error(usage) if
    // libsamplerate refuses the ratio.
    Resampler(int channels, int from_rate, int to_rate);
    ~Resampler();

    // Converts `in` (interleaved) and appends the result to `out`; `last` flushes the
    // converter's delay at the end of the input.
    void process(const std::vector<float>& in, std::vector<float>& out, bool last = false);

  private:
    struct Free {
        void operator()(SRC_STATE* s) const;
    };
    std::unique_ptr<SRC_STATE, Free> state_;
    int channels_;
    double ratio_;
};

}  // namespace ambient
