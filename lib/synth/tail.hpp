// When a tail is over: below -60 dBFS for a quarter of a second, or longer than allowed.
#pragma once

#include <cmath>

namespace ambient {

class TailDetector {
  public:
    TailDetector(float rate, float max_seconds)
        : quarter_(static_cast<long>(rate / 4)), most_(static_cast<long>(max_seconds * rate)) {}
    // Hears the next frames of the tail; true once it is over.
    bool over(const float* left, const float* right, int frames) {
        float peak = 0.0f;
        for (int i = 0; i < frames; ++i)
            peak = std::fmax(peak, std::fmax(std::fabs(left[i]), std::fabs(right[i])));
        heard(frames, peak < silence);
        return over();
    }
    // Or is told: `quiet` when these frames were all under the threshold.
    void heard(int frames, bool quiet) {
        quiet_ = quiet ? quiet_ + frames : 0;
        length_ += frames;
    }
    bool over() const { return quiet_ >= quarter_ || length_ > most_; }
    void reset() { quiet_ = length_ = 0; }
    static constexpr float silence = 0.001f;  // -60 dBFS

  private:
    long quarter_, most_;
    long quiet_ = 0, length_ = 0;
};

}  // namespace ambient
