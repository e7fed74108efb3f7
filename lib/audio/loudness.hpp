// Loudness by EBU R 128 / ITU-R BS.1770 through libebur128: integrated and short-term
// loudness (LUFS) and true peak (dBTP, 4x oversampled).
#pragma once

#include <memory>

namespace ambient {

class LoudnessMeter {
  public:
    LoudnessMeter(int rate, int channels, bool true_peak = false);
    ~LoudnessMeter();
    LoudnessMeter(LoudnessMeter&&) noexcept;
    LoudnessMeter& operator=(LoudnessMeter&&) noexcept;

    void add(const float* interleaved, std::size_t frames);
    // -inf (as -200) until there is enough gated signal.
    double integrated() const;
    double short_term() const;
    // Highest true peak over all channels so far, dBTP.
    double true_peak_db() const;

  private:
    struct State;  // owns the libebur128 state
    std::unique_ptr<State> state_;
    int channels_;
};

}  // namespace ambient
