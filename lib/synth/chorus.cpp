#include "synth/chorus.hpp"

#include <algorithm>
#include <cmath>

namespace ambient {

// Each sample's two delays, side by side: the sweep's phase at sample i is its phase
// before the stretch plus i + 1 steps (sin_turns takes any phase, so none is wrapped).
AMBIENT_SIMD void Chorus::delays(float* left, float* right, int n) const {
    const float base = 0.012f * rate_, depth = s_.depth_ms * 0.001f * rate_;
    const float step = s_.rate / rate_;
    const auto start = static_cast<float>(phase_);
    for (int i = 0; i < n; ++i) {
        const float phase = start + float(i + 1) * step;
        left[i] = base + depth * dsp::sin_turns(phase);
        right[i] = base + depth * dsp::sin_turns(phase + 0.25f);
    }
}

// In stretches shorter than the shortest delay (12 ms less the depth): every read is of
// what was written before the stretch, so its delays, reads and mix go side by side and
// its writes follow.
void Chorus::process(float* left, float* right, int frames) {
    const float shortest = 0.012f * rate_ - s_.depth_ms * 0.001f * rate_;
    const int most = std::clamp(static_cast<int>(shortest) - 1, 1, max_stretch);
    for (int done = 0; done < frames;) {
        const int n = std::min(most, frames - done);
        float* l = left + done;
        float* r = right + done;
        float delay_l[max_stretch], delay_r[max_stretch];
        delays(delay_l, delay_r, n);
        for (int i = 0; i < n; ++i) {  // the delayed samples, in place of the delays
            const auto ahead = static_cast<std::size_t>(i + 1);
            delay_l[i] = line_l_.read_fractional_after(ahead, delay_l[i]);
            delay_r[i] = line_r_.read_fractional_after(ahead, delay_r[i]);
        }
        line_l_.write_block(l, static_cast<std::size_t>(n));
        line_r_.write_block(r, static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i) {
            l[i] += s_.mix * (delay_l[i] - l[i]) * 0.5f;
            r[i] += s_.mix * (delay_r[i] - r[i]) * 0.5f;
        }
        phase_ += double(n) * (double(s_.rate) / double(rate_));
        phase_ -= std::floor(phase_);
        done += n;
    }
}

}  // namespace ambient
