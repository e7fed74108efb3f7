// Measurements on test signals: level, frequency and energy at a frequency.
#pragma once

#include <cmath>
#include <vector>

namespace ambient::test {

inline double rms(const std::vector<float>& x, std::size_t from = 0) {
    double sum = 0;
    for (std::size_t i = from; i < x.size(); ++i) sum += double(x[i]) * x[i];
    return std::sqrt(sum / double(x.size() - from));
}

inline double db(double ratio) {
    return 20.0 * std::log10(ratio);
}

// Frequency from upward zero crossings, interpolated between samples.
inline double zero_crossing_frequency(const std::vector<float>& x, double rate) {
    double first = -1, last = -1;
    int crossings = 0;
    for (std::size_t i = 1; i < x.size(); ++i)
        if (x[i - 1] < 0 && x[i] >= 0) {
            double t = double(i - 1) + x[i - 1] / (x[i - 1] - x[i]);
            if (first < 0) first = t;
            last = t;
            ++crossings;
        }
    return crossings > 1 ? (crossings - 1) * rate / (last - first) : 0.0;
}

// Amplitude of the component at `hz` (Goertzel over the whole signal, Hann-windowed).
inline double amplitude_at(const std::vector<float>& x, double hz, double rate) {
    double w = 2.0 * M_PI * hz / rate, c = 2.0 * std::cos(w);
    double s1 = 0, s2 = 0, norm = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        double win = 0.5 - 0.5 * std::cos(2.0 * M_PI * double(i) / double(x.size() - 1));
        double s0 = x[i] * win + c * s1 - s2;
        s2 = s1;
        s1 = s0;
        norm += win;
    }
    double re = s1 - s2 * std::cos(w), im = s2 * std::sin(w);
    return 2.0 * std::sqrt(re * re + im * im) / norm;
}

}  // namespace ambient::test
