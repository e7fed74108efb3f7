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

// |v| into peak where larger (references: a vector passed by value changes with the ISA).
inline void keep_larger_magnitude(dsp::Lanes& peak, const dsp::Lanes& v) {
    const dsp::Lanes m = v < 0.0f ? -v : v;
    peak = m > peak ? m : peak;
}
inline void load(dsp::Lanes& v, const float* p) {
    __builtin_memcpy(&v, p, sizeof v);
}
}  // namespace

void Limiter::init(float sample_rate, const LimiterSettings& s) {
    window_ = std::max(2, static_cast<int>(limiter_param::lookahead_ms.clamp(s.lookahead_ms) *
                                           0.001f * sample_rate));
    // A hair under the ceiling: 4x oversampling can miss a peak between its points by a little.
    ceiling_ = dsp::db_to_gain(s.ceiling_db - 0.15f);
    release_ = dsp::smoothing_coefficient(limiter_param::release_ms.clamp(s.release_ms) * 0.001f,
                                          sample_rate);
    history_.assign(static_cast<std::size_t>(stride * channels), 0.0f);
    float l1 = 0.0f;
    for (const auto& c : interpolator.coef) {
        float sum = 0.0f;
        for (float k : c) sum += std::fabs(k);
        l1 = std::max(l1, sum);
    }
    quiet_bound_ = ceiling_ / l1;
    double power = 1.0;
    for (double& r : recovery_) r = power *= 1.0 - double(release_);
    shortfall_ = 0.0;
    for (DelayLine& d : delayed_) d.init(static_cast<std::size_t>(latency() + block));
    queue_value_.assign(static_cast<std::size_t>(hold()), 1.0f);
    queue_time_.assign(static_cast<std::size_t>(hold()), 0);
    queue_head_ = queue_size_ = 0;
    held_.assign(static_cast<std::size_t>(window_), 1.0f);
    held_sum_ = window_;
    inverse_window_ = 1.0 / window_;
    resum_below_ = 1e-6 * window_;
    box_pos_ = 0;
    time_ = 0;
    calm_ = hold() + window_;
    gain_ = 1.0f;
    limited_ = false;
}

// The largest magnitude over each frame's inter-sample stretch at 4x resolution, as a gain.
// Interpolated points exceed the loudest sample around them by at most the interpolator's
// L1 gain: a group of frames whose samples are all that far under the ceiling needs none,
// so the interpolation runs only for groups near the ceiling.
AMBIENT_SIMD void Limiter::needs(int n, float* need) {
    static_assert(Interpolator::taps == taps && Interpolator::centre == detect_lag);
    static_assert(block % group == 0 && stride % group == 0 && taps % group == 0);
    // Which eights of the history (both channels) hold a sample above the bound; a group's
    // windows lie within the eight it starts in and the taps / group after.
    constexpr int eights = stride / group;
    bool near[eights];
    for (int k = 0; k < eights; ++k) {
        dsp::Lanes most = {}, v;
        for (int c = 0; c < channels; ++c) {
            load(v, &history_[static_cast<std::size_t>(stride * c + group * k)]);
            keep_larger_magnitude(most, v);
        }
        near[k] = false;
        for (int i = 0; i < group; ++i) near[k] = near[k] || most[i] > quiet_bound_;
    }
    std::fill(need, need + n, 1.0f);
    for (int g = 0; g < n; g += group) {
        bool any = false;
        for (int k = g / group; k <= (g + taps) / group; ++k) any = any || near[k];
        if (any) group_needs(g, std::min(group, n - g), need + g);
    }
}

// The needs of frames g..g+m (m <= group) by interpolation, a frame a lane. A whole group
// is interpolated (the history holds a whole block), the samples past m unused.
AMBIENT_SIMD void Limiter::group_needs(int g, int m, float* need) {
    static_assert(group == sizeof(dsp::Lanes) / sizeof(float));
    dsp::Lanes peak = {};
    for (int c = 0; c < channels; ++c) {
        // Frame i's interpolation window is h[i .. i + taps), summed tap by tap as one frame
        // alone would be.
        const float* h = &history_[static_cast<std::size_t>(stride * c)] + g;
        dsp::Lanes v;
        load(v, h + detect_lag);
        keep_larger_magnitude(peak, v);
        load(v, h + detect_lag + 1);
        keep_larger_magnitude(peak, v);
        for (const auto& coef : interpolator.coef) {
            dsp::Lanes y = {};
            for (int j = 0; j < taps; ++j) {
                load(v, h + j);
                y += coef[j] * v;
            }
            keep_larger_magnitude(peak, y);
        }
    }
    for (int i = 0; i < m; ++i) need[i] = peak[i] > ceiling_ ? ceiling_ / peak[i] : 1.0f;
}

// Lets out the frames from latency() frames ago, times the gain of their moment
// (`gains` null: 1 throughout), and keeps these for later: the line holds the look-ahead
// and a block, so a block goes in whole and then comes out from `lag` before it.
AMBIENT_SIMD void Limiter::delay_through(float* left, float* right, int frames,
                                         const float* gains) {
    const auto lag = static_cast<std::size_t>(latency()), n = static_cast<std::size_t>(frames);
    float* io[channels] = {left, right};
    for (int c = 0; c < channels; ++c) {
        float* x = io[c];
        delayed_[c].write_block(x, n);
        delayed_[c].read_block(lag + n, x, n);
        if (gains)
            for (std::size_t i = 0; i < n; ++i) x[i] *= gains[i];
    }
}

void Limiter::process(float* left, float* right, int frames) {
    for (int done = 0; done < frames; done += block)
        run_block(left + done, right + done, std::min(block, frames - done));
}

// Whether every sample of the block and of the taps - 1 before it is under the quiet
// bound (then no frame needs any reduction); the block's last samples, or all of them, go
// to the history for the next block either way, and the whole block when it is not quiet.
AMBIENT_SIMD bool Limiter::take_in(const float* left, const float* right, int frames) {
    const float* io[channels] = {left, right};
    dsp::Lanes most = {}, v;
    int i = 0;
    for (; i + group <= frames; i += group)
        for (const float* x : io) {
            load(v, x + i);
            keep_larger_magnitude(most, v);
        }
    float largest = 0.0f;
    for (int c = 0; c < channels; ++c) {
        const float* h = &history_[static_cast<std::size_t>(stride * c)];
        for (int j = 0; j < taps - 1; ++j) largest = std::max(largest, std::fabs(h[j]));
        for (int j = i; j < frames; ++j) largest = std::max(largest, std::fabs(io[c][j]));
    }
    for (int j = 0; j < group; ++j) largest = std::max(largest, most[j]);
    const bool quiet = largest <= quiet_bound_;
    for (int c = 0; c < channels; ++c) {
        float* h = &history_[static_cast<std::size_t>(stride * c)];
        if (quiet && frames >= taps - 1) {  // only the last samples are ever read
            std::copy(io[c] + frames - (taps - 1), io[c] + frames, h);
            continue;
        }
        std::copy(io[c], io[c] + frames, h + taps - 1);
        if (quiet) std::copy(h + frames, h + frames + taps - 1, h);
    }
    return quiet;
}

void Limiter::run_block(float* left, float* right, int frames) {
    float need[block];
    bool none = take_in(left, right, frames);
    if (none) {
        std::fill(need, need + frames, 1.0f);
    } else {
        needs(frames, need);
        for (int c = 0; c < channels; ++c) {  // the block's last samples start the next one
            float* h = &history_[static_cast<std::size_t>(stride * c)];
            std::copy(h + frames, h + frames + taps - 1, h);
        }
        none = std::all_of(need, need + frames, [](float g) { return g == 1.0f; });
    }
    if (none && calm_ >= hold() + window_) {
        // Nothing needed now or held in the look-ahead: the held minimum and its average are
        // 1, and the gain recovers geometrically (at once when it is already 1): what the
        // per-frame steps below would do (either branch of the release, with the average at
        // 1), with the recovery's powers from a table.
        float gains[block];
        if (shortfall_ > 0.0) {
            for (int f = 0; f < frames; ++f) {
                // A shortfall under 2^-24 (-144 dB) is none: it rounds to 1 anyway.
                const double left_over = shortfall_ * recovery_[f];
                gains[f] = left_over < 0x1p-24 ? 1.0f : static_cast<float>(1.0 - left_over);
            }
            shortfall_ *= recovery_[frames - 1];
            gain_ = gains[frames - 1];
            if (gain_ == 1.0f) shortfall_ = 0.0;
        } else {
            gains[0] = gain_ = 1.0f;
        }
        queue_head_ = 0;
        queue_size_ = 1;
        queue_value_[0] = 1.0f;
        queue_time_[0] = time_ + frames - 1;
        box_pos_ = static_cast<int>((box_pos_ + frames) % window_);
        time_ += frames;
        calm_ += frames;
        delay_through(left, right, frames, gains[0] == 1.0f ? nullptr : gains);
        return;
    }
    // The state in locals for the loop: stores to the queue's arrays would otherwise have
    // the compiler store and reload every member on every frame.
    const int h = hold(), settled = hold() + window_;
    float* const queue_value = queue_value_.data();
    long* const queue_time = queue_time_.data();
    float* const held_gains = held_.data();
    int head = queue_head_, size = queue_size_, box = box_pos_;
    long now = time_, calm = calm_;
    double held_sum = held_sum_;
    float gain = gain_;
    bool limited = limited_;
    float gains[block];
    for (int f = 0; f < frames; ++f) {
        // Sliding minimum over the last hold() needs (monotonic queue in a ring).
        while (size > 0) {
            int back = head + size - 1;  // ring indices wrap by a compare, not a division
            if (back >= h) back -= h;
            if (queue_value[back] < need[f]) break;
            --size;
        }
        int slot = head + size;
        if (slot >= h) slot -= h;
        queue_value[slot] = need[f];
        queue_time[slot] = now;
        ++size;
        if (queue_time[head] <= now - h) {
            if (++head == h) head = 0;
            --size;
        }
        const float held = queue_value[head];

        // Moving average of the held minimum: a smooth attack that lands exactly in time.
        const int b = box;
        if (++box == window_) box = 0;
        held_sum += held - held_gains[b];
        held_gains[b] = held;
        calm = need[f] < 1.0f ? 0 : calm + 1;
        if (calm == settled) held_sum = window_;  // all ones: no rounding left over
        // Reductions past 120 dB (input of 1e6 and more): the running sum has lost them in
        // its rounding (it may even be below 0), so it is summed afresh.
        if (held_sum < resum_below_) {
            held_sum = 0.0;
            for (float g : held_) held_sum += g;
        }
        const float smooth = static_cast<float>(held_sum * inverse_window_);
        // Release: fall at once, recover slowly; the reduction shrinks to nothing, so the
        // gain comes back to exactly 1 (not to a hair under it).
        // Under -60 dB the same step is taken from the gain's side, where a float keeps it.
        if (smooth < gain)
            gain = smooth;
        else if (gain < 1e-3f)
            gain += (smooth - gain) * release_;
        else
            gain = 1.0f - (1.0f - gain) * (1.0f - release_) + (smooth - 1.0f) * release_;
        gain = std::min(gain, smooth);
        limited = limited || gain < 1.0f;
        gains[f] = gain;
        ++now;
    }
    shortfall_ = 1.0 - double(gain);
    queue_head_ = head;
    queue_size_ = size;
    box_pos_ = box;
    time_ = now;
    calm_ = calm;
    held_sum_ = held_sum;
    gain_ = gain;
    limited_ = limited;
    delay_through(left, right, frames, gains);
}

float Limiter::reduction_db() const {
    return dsp::gain_to_db(gain_);
}

}  // namespace ambient
