#include "synth/limiter.hpp"

#include <algorithm>
#include <cmath>

#include "synth/dsp.hpp"

namespace ambient {

void Limiter::init(float sample_rate, int channels, const LimiterSettings& s) {
    channels_ = channels;
    window_ = std::max(
        2, static_cast<int>(std::clamp(s.lookahead_ms, 1.0f, 20.0f) * 0.001f * sample_rate));
    // A hair under the ceiling: cubic interpolation slightly underestimates some peaks.
    ceiling_ = dsp::db_to_gain(s.ceiling_db - 0.15f);
    release_ =
        dsp::smoothing_coefficient(std::clamp(s.release_ms, 10.0f, 2000.0f) * 0.001f, sample_rate);
    history_.assign(static_cast<std::size_t>(4 * channels), 0.0f);
    delayed_.assign(static_cast<std::size_t>(hold() * channels), 0.0f);
    queue_value_.assign(static_cast<std::size_t>(hold()), 1.0f);
    queue_time_.assign(static_cast<std::size_t>(hold()), 0);
    queue_head_ = queue_size_ = 0;
    held_.assign(static_cast<std::size_t>(window_), 1.0f);
    held_sum_ = window_;
    time_ = 0;
    pos_ = 0;
    gain_ = 1.0f;
}

// Largest magnitude between the previous sample and this one, at 4x resolution.
float Limiter::detect(int channel, float x) {
    float* h = &history_[static_cast<std::size_t>(4 * channel)];
    h[0] = h[1];
    h[1] = h[2];
    h[2] = h[3];
    h[3] = x;
    // Catmull-Rom between h[1] and h[2].
    float peak = std::max(std::fabs(h[1]), std::fabs(h[2]));
    for (float t : {0.25f, 0.5f, 0.75f}) {
        float t2 = t * t, t3 = t2 * t;
        float y = 0.5f * ((2.0f * h[1]) + (-h[0] + h[2]) * t +
                          (2.0f * h[0] - 5.0f * h[1] + 4.0f * h[2] - h[3]) * t2 +
                          (-h[0] + 3.0f * h[1] - 3.0f * h[2] + h[3]) * t3);
        peak = std::max(peak, std::fabs(y));
    }
    return std::max(peak, std::fabs(x));
}

void Limiter::process(float* io, int frames) {
    const int h = hold();
    for (int f = 0; f < frames; ++f) {
        float* frame = io + static_cast<std::ptrdiff_t>(f) * channels_;
        float peak = 0.0f;
        for (int c = 0; c < channels_; ++c) peak = std::max(peak, detect(c, frame[c]));
        float need = peak > ceiling_ ? ceiling_ / peak : 1.0f;

        // Sliding minimum over the last hold() needs (monotonic queue in a ring).
        while (queue_size_ > 0) {
            auto back = static_cast<std::size_t>((queue_head_ + queue_size_ - 1) % h);
            if (queue_value_[back] < need) break;
            --queue_size_;
        }
        auto slot = static_cast<std::size_t>((queue_head_ + queue_size_) % h);
        queue_value_[slot] = need;
        queue_time_[slot] = time_;
        ++queue_size_;
        if (queue_time_[static_cast<std::size_t>(queue_head_)] <= time_ - h) {
            queue_head_ = (queue_head_ + 1) % h;
            --queue_size_;
        }
        float held = queue_value_[static_cast<std::size_t>(queue_head_)];

        // Moving average of the held minimum: a smooth attack that lands exactly in time.
        auto b = static_cast<std::size_t>(time_ % window_);
        held_sum_ += held - held_[b];
        held_[b] = held;
        float smooth = static_cast<float>(held_sum_ / window_);
        // Release: fall at once, recover slowly.
        gain_ = smooth < gain_ ? smooth : gain_ + (smooth - gain_) * release_;
        gain_ = std::min(gain_, smooth);

        // Swap the new frame into the delay ring and emit the one from latency() frames ago.
        auto p = static_cast<std::size_t>(pos_);
        auto oldest = (p + 1) % static_cast<std::size_t>(h);
        for (int c = 0; c < channels_; ++c) {
            auto ci = static_cast<std::size_t>(c);
            delayed_[p * static_cast<std::size_t>(channels_) + ci] = frame[c];
            frame[c] = delayed_[oldest * static_cast<std::size_t>(channels_) + ci] * gain_;
        }
        pos_ = static_cast<int>(oldest);
        ++time_;
    }
}

float Limiter::reduction_db() const {
    return dsp::gain_to_db(gain_);
}

}  // namespace ambient
