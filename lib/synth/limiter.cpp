#include "synth/limiter.hpp"

#include <algorithm>
#include <cmath>

#include "synth/dsp.hpp"

namespace ambient {

namespace {
// Windowed-sinc taps for the points a quarter, half and three quarters of the way between
// the two middle samples of the history, normalised to unity gain at DC.
struct Interpolator {
    static constexpr int taps = 16, centre = taps / 2 - 1;
    float coef[3][taps];
    Interpolator() {
        for (int p = 0; p < 3; ++p) {
            float f = 0.25f * float(p + 1), sum = 0.0f;
            for (int j = 0; j < taps; ++j) {
                float x = f - float(j - centre);
                float sinc = std::fabs(x) < 1e-6f ? 1.0f : std::sin(dsp::pi * x) / (dsp::pi * x);
                float w = std::cos(0.5f * dsp::pi * x / (taps / 2 + 0.5f));
                coef[p][j] = sinc * w * w;
                sum += coef[p][j];
            }
            for (float& c : coef[p]) c /= sum;
        }
    }
};
const Interpolator interpolator;
}  // namespace

void Limiter::init(float sample_rate, int channels, const LimiterSettings& s) {
    channels_ = channels;
    window_ = std::max(2, static_cast<int>(limiter_param::lookahead_ms.clamp(s.lookahead_ms) *
                                           0.001f * sample_rate));
    // A hair under the ceiling: 4x oversampling can miss a peak between its points by a little.
    ceiling_ = dsp::db_to_gain(s.ceiling_db - 0.15f);
    release_ = dsp::smoothing_coefficient(limiter_param::release_ms.clamp(s.release_ms) * 0.001f,
                                          sample_rate);
    history_.assign(static_cast<std::size_t>(2 * taps * channels), 0.0f);
    ring_ = 0;
    loud_for_ = 0;
    float l1 = 0.0f;
    for (const auto& c : interpolator.coef) {
        float sum = 0.0f;
        for (float k : c) sum += std::fabs(k);
        l1 = std::max(l1, sum);
    }
    quiet_bound_ = ceiling_ / l1;
    delayed_.assign(static_cast<std::size_t>((latency() + 1) * channels), 0.0f);
    queue_value_.assign(static_cast<std::size_t>(hold()), 1.0f);
    queue_time_.assign(static_cast<std::size_t>(hold()), 0);
    queue_head_ = queue_size_ = 0;
    held_.assign(static_cast<std::size_t>(window_), 1.0f);
    held_sum_ = window_;
    inverse_window_ = 1.0 / window_;
    box_pos_ = 0;
    time_ = 0;
    pos_ = 0;
    gain_ = 1.0f;
}

// Largest magnitude over one inter-sample stretch, at 4x resolution.
float Limiter::detect(int channel, float x) {
    static_assert(Interpolator::taps == taps && Interpolator::centre == detect_lag);
    // A ring written twice over, so the last `taps` samples always lie contiguous.
    auto base = static_cast<std::size_t>(2 * taps * channel);
    history_[base + static_cast<std::size_t>(ring_)] = x;
    history_[base + static_cast<std::size_t>(ring_ + taps)] = x;
    const float* h = &history_[base + static_cast<std::size_t>(ring_ + 1)];
    float peak = std::max(std::fabs(h[detect_lag]), std::fabs(h[detect_lag + 1]));
    // Interpolated points can exceed the loudest sample around them by at most the
    // interpolator's L1 gain: while every sample is that far under the ceiling, skip them.
    if (std::fabs(x) > quiet_bound_) loud_for_ = taps;
    if (loud_for_ == 0) return peak;
    for (const auto& c : interpolator.coef) {
        float y = 0.0f;
        for (int j = 0; j < taps; ++j) y += c[j] * h[j];
        peak = std::max(peak, std::fabs(y));
    }
    return peak;
}

void Limiter::process(float* io, int frames) {
    const int h = hold();
    for (int f = 0; f < frames; ++f) {
        float* frame = io + static_cast<std::ptrdiff_t>(f) * channels_;
        float peak = 0.0f;
        for (int c = 0; c < channels_; ++c) peak = std::max(peak, detect(c, frame[c]));
        if (++ring_ == taps) ring_ = 0;
        if (loud_for_ > 0) --loud_for_;
        float need = peak > ceiling_ ? ceiling_ / peak : 1.0f;

        // Sliding minimum over the last hold() needs (monotonic queue in a ring).
        while (queue_size_ > 0) {
            int back =
                queue_head_ + queue_size_ - 1;  // ring indices wrap by a compare, not a division
            if (back >= h) back -= h;
            if (queue_value_[static_cast<std::size_t>(back)] < need) break;
            --queue_size_;
        }
        int slot = queue_head_ + queue_size_;
        if (slot >= h) slot -= h;
        queue_value_[static_cast<std::size_t>(slot)] = need;
        queue_time_[static_cast<std::size_t>(slot)] = time_;
        ++queue_size_;
        if (queue_time_[static_cast<std::size_t>(queue_head_)] <= time_ - h) {
            if (++queue_head_ == h) queue_head_ = 0;
            --queue_size_;
        }
        float held = queue_value_[static_cast<std::size_t>(queue_head_)];

        // Moving average of the held minimum: a smooth attack that lands exactly in time.
        auto b = static_cast<std::size_t>(box_pos_);
        if (++box_pos_ == window_) box_pos_ = 0;
        held_sum_ += held - held_[b];
        held_[b] = held;
        float smooth = static_cast<float>(held_sum_ * inverse_window_);
        // Release: fall at once, recover slowly.
        gain_ = smooth < gain_ ? smooth : gain_ + (smooth - gain_) * release_;
        gain_ = std::min(gain_, smooth);

        // Swap the new frame into the delay ring and emit the one from latency() frames ago.
        auto p = static_cast<std::size_t>(pos_);
        auto oldest = p + 1 == static_cast<std::size_t>(latency() + 1) ? 0 : p + 1;
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
