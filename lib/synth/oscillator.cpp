#include "synth/oscillator.hpp"

#include <algorithm>
#include <cstring>

namespace ambient {

namespace {

struct Block {
    const float* env;
    float gain_l, gain_r;
    float* left;
    float* right;
    int frames;
};

// Phase i is the start phase plus i increments, wrapped; returns the phase after the block.
template <typename Wave>
inline float add_wave(Wave wave, float start, float dt, const Block& b) {
    const float inv_dt = 1.0f / dt;
    for (int i = 0; i < b.frames; ++i) {
        float x = b.env[i] * wave(osc::wrap(start + float(i + 1) * dt), inv_dt, dt);
        b.left[i] += x * b.gain_l;
        b.right[i] += x * b.gain_r;
    }
    return osc::wrap(start + float(b.frames) * dt);
}

// A wave that is a straight line over the block (or any function of the unwrapped
// phase): no wrapping per sample.
template <typename Line>
inline float add_line(Line line, float start, float dt, const Block& b) {
    for (int i = 0; i < b.frames; ++i) {
        float x = b.env[i] * line(start + float(i + 1) * dt);
        b.left[i] += x * b.gain_l;
        b.right[i] += x * b.gain_r;
    }
    return osc::wrap(start + float(b.frames) * dt);
}

AMBIENT_SIMD float add_sine(float start, float dt, const Block& b) {
    // sin_turns takes any phase: no wrapping first.
    return add_line([](float t) { return dsp::sin_turns(t); }, start, dt, b);
}
// Whether every phase of the block stays more than an increment from `corner`: then no
// correction applies anywhere in it and the wave is a straight line.
bool clear_of(float corner, float start, float dt, int frames) {
    const float first = start + dt, last = start + float(frames) * dt;
    return last < 1.0f - dt && (last < corner - dt || first > corner + dt);
}

// A wave with corners: its naive form over the whole block side by side, then its
// correction (`fix`, 0 more than an increment from every corner) at the samples either
// side of each corner, a whole number of `spacing` turns: a few samples a block.
template <typename Naive, typename Fix>
inline float add_cornered(Naive naive, Fix fix, float spacing, float start, float dt,
                          const Block& b) {
    const float end = add_wave([naive](float t, float, float) { return naive(t); }, start, dt, b);
    const float inv_dt = 1.0f / dt, last = start + float(b.frames) * dt;
    int done = -1;  // the samples up to here are corrected: windows overlap at high notes
    // Each corner after the start, the one just after the block included (for its sample
    // before).
    for (int k = 1; float(k) * spacing <= last + dt + dt; ++k) {
        // The first sample past the corner or the one before it (rounding): the window
        // holds both.
        const int near = static_cast<int>((float(k) * spacing - start) * inv_dt) - 1;
        const int from = std::max({near - 1, done + 1, 0}), to = std::min(near + 2, b.frames - 1);
        if (to - from == 3) {  // the whole window inside the block: its four side by side
            using osc::Four;
            const Four t = osc::wrap(start + (float(from + 1) + Four{0, 1, 2, 3}) * dt);
            Four env, left, right;
            std::memcpy(&env, b.env + from, sizeof env);
            std::memcpy(&left, b.left + from, sizeof left);
            std::memcpy(&right, b.right + from, sizeof right);
            const Four x = env * fix(t, inv_dt, dt);
            left += x * b.gain_l;
            right += x * b.gain_r;
            std::memcpy(b.left + from, &left, sizeof left);
            std::memcpy(b.right + from, &right, sizeof right);
            done = to;
            continue;
        }
        for (int i = from; i <= to; ++i) {
            const float x = b.env[i] * fix(osc::wrap(start + float(i + 1) * dt), inv_dt, dt);
            b.left[i] += x * b.gain_l;
            b.right[i] += x * b.gain_r;
        }
        done = std::max(done, to);
    }
    return end;
}

AMBIENT_SIMD float add_saw(float start, float dt, const Block& b) {
    if (clear_of(1.0f, start, dt, b.frames))  // no wrap, no correction: 2t - 1
        return add_line([](float t) { return 2.0f * t - 1.0f; }, start, dt, b);
    return add_cornered([](float t) { return osc::naive_saw(t); },
                        [](auto t, float i, float d) { return osc::saw_fix(t, i, d); }, 1.0f, start,
                        dt, b);
}
AMBIENT_SIMD float add_square(float start, float dt, const Block& b) {
    if (clear_of(0.5f, start, dt, b.frames)) {
        const float level = start + dt < 0.5f ? 1.0f : -1.0f;
        return add_line([level](float) { return level; }, start, dt, b);
    }
    return add_cornered([](float t) { return osc::naive_square(t); },
                        [](auto t, float i, float d) { return osc::square_fix(t, i, d); }, 0.5f,
                        start, dt, b);
}
AMBIENT_SIMD float add_triangle(float start, float dt, const Block& b) {
    if (clear_of(0.5f, start, dt, b.frames)) {
        if (start + dt < 0.5f)
            return add_line([](float t) { return 4.0f * t - 1.0f; }, start, dt, b);
        return add_line([](float t) { return 3.0f - 4.0f * t; }, start, dt, b);
    }
    return add_cornered([](float t) { return osc::naive_triangle(t); },
                        [](auto t, float i, float d) { return osc::triangle_fix(t, i, d); }, 0.5f,
                        start, dt, b);
}

}  // namespace

void Oscillator::add_block(const float* env, float gain_l, float gain_r, float* left, float* right,
                           int frames) {
    // In the order of Waveform: sine, triangle, saw, square.
    using AddBlock = float (*)(float, float, const Block&);
    static const AddBlock add[] = {add_sine, add_triangle, add_saw, add_square};
    phase_ = add[static_cast<int>(waveform_)](phase_, increment_,
                                              Block{env, gain_l, gain_r, left, right, frames});
}

}  // namespace ambient
