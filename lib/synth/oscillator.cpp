#include "synth/oscillator.hpp"

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

AMBIENT_SIMD float add_saw(float start, float dt, const Block& b) {
    if (clear_of(1.0f, start, dt, b.frames))  // no wrap, no correction: 2t - 1
        return add_line([](float t) { return 2.0f * t - 1.0f; }, start, dt, b);
    return add_wave(osc::saw, start, dt, b);
}
AMBIENT_SIMD float add_square(float start, float dt, const Block& b) {
    if (clear_of(0.5f, start, dt, b.frames)) {
        const float level = start + dt < 0.5f ? 1.0f : -1.0f;
        return add_line([level](float) { return level; }, start, dt, b);
    }
    return add_wave(osc::square, start, dt, b);
}
AMBIENT_SIMD float add_triangle(float start, float dt, const Block& b) {
    if (clear_of(0.5f, start, dt, b.frames)) {
        if (start + dt < 0.5f)
            return add_line([](float t) { return 4.0f * t - 1.0f; }, start, dt, b);
        return add_line([](float t) { return 3.0f - 4.0f * t; }, start, dt, b);
    }
    return add_wave(osc::triangle, start, dt, b);
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
