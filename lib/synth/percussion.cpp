#include "synth/percussion.hpp"

#include <algorithm>
#include <cmath>

namespace ambient {

namespace {
float unit(std::uint32_t r) {
    return static_cast<float>(r >> 8) * (1.0f / 16777216.0f);
}

// Values drawn as straight lines over stretches of 16 samples between points a stretch
// apart (points[s] at sample 16 s, the last at `frames`). A sixteenth (every stretch but a
// block's last) is taken as a product: the same value as the quotient, many times quicker.
constexpr int line_step = 16;
constexpr int most_points = max_block / line_step + 2;

// out[i] = (from + (to - from) k / m) * scale, sample k of a stretch of m: from each point.
AMBIENT_SIMD void lines_from(const float* points, int frames, float scale, float* out) {
    for (int i = 0, s = 0; i < frames; i += line_step, ++s) {
        const int m = std::min(line_step, frames - i);
        const float from = points[s], to = points[s + 1];
        const float slope =
            m == line_step ? (to - from) * (1.0f / line_step) : (to - from) / float(m);
        for (int k = 0; k < m; ++k) out[i + k] = (from + slope * float(k)) * scale;
    }
}

// out[i] = from + (to - from) (k + 1) / m: to each point.
AMBIENT_SIMD void lines_to(const float* points, int frames, float* out) {
    for (int i = 0, s = 0; i < frames; i += line_step, ++s) {
        const int m = std::min(line_step, frames - i);
        const float from = points[s], to = points[s + 1];
        if (m == line_step) {
            for (int k = 0; k < line_step; ++k)
                out[i + k] = from + (to - from) * float(k + 1) * (1.0f / line_step);
        } else {
            for (int k = 0; k < m; ++k) out[i + k] = from + (to - from) * float(k + 1) / float(m);
        }
    }
}

// out += x * gain, for left and right.
AMBIENT_SIMD void add_gained(const float* x_l, const float* x_r, const float* gain, float* out_l,
                             float* out_r, int n) {
    AMBIENT_NO_OVERLAP
    for (int i = 0; i < n; ++i) {
        out_l[i] += x_l[i] * gain[i];
        out_r[i] += x_r[i] * gain[i];
    }
}
}  // namespace

// ---------------------------------------------------------------- shared

void PercussionUnit::begin(const PercussionPatch& p, float velocity, int midi, float length,
                           std::int64_t now) {
    p_ = p;
    pitch = midi;
    started = now;
    active_ = true;
    fading_ = false;
    t_ = 0.0f;
    length_ = std::max(length, 0.01f);
    velocity_ = velocity;
    amp_ = 0.0f;
}

int PercussionUnit::frames_left(int frames, float lasts) {
    // The last sample is the first one past `lasts`.
    const float left = (lasts - t_) * rate_;
    const int n = left < 0.0f ? 1 : static_cast<int>(std::min(left, float(frames))) + 2;
    if (n <= frames) active_ = false;
    return std::min(n, frames);
}

template <typename Amp>
int PercussionUnit::gains(float* gain, int frames, float scale, Amp amp) {
    if (!fading_) scale *= velocity_;  // (a stolen hit's velocity falls sample by sample)
    float points[most_points];
    int last = 0;
    points[0] = amp(t_);
    for (int i = 0; i < frames; i += line_step)
        points[++last] = amp(t_ + float(std::min(i + line_step, frames)) * dt_);
    lines_from(points, frames, scale, gain);
    amp_ = points[last];
    if (!fading_) return frames;
    // A stolen hit: 5 ms to silence.
    const float fall = dt_ / 0.005f;
    for (int i = 0; i < frames; ++i) {
        velocity_ -= fall;
        if (velocity_ <= 0.0f) {
            active_ = false;
            return i;
        }
        gain[i] *= velocity_;
    }
    return frames;
}

// ---------------------------------------------------------------- kick

void Kick::start(const PercussionPatch& p, float velocity, int midi, float seconds, std::uint32_t,
                 std::int64_t now) {
    begin(p, velocity, midi, seconds, now);
    phase_ = 0.0f;
}

namespace {
// The kick's samples, its step (Hz times dt, per sample) a straight line over each stretch
// of 16 between `points` (as lines_to draws them): each sample's phase is the sum of the
// steps before it in closed form, so no sample waits on the last. Returns the phase after.
AMBIENT_SIMD float ring_kick(const float* points, const float* gain, float phase, const Buses& b,
                             int n) {
    for (int i = 0, s = 0; i < n; i += line_step, ++s) {
        const int m = std::min(line_step, n - i);
        const float from = points[s];
        // Step j (from 1) is from + (to - from) j / m: the first k of them sum to
        // k from + (to - from) k (k + 1) / 2m.
        const float rise = (points[s + 1] - from) / (2.0f * float(m));
        AMBIENT_NO_OVERLAP
        for (int k = 0; k < m; ++k) {
            const float j = float(k + 1);
            const float x = dsp::sin_turns(phase + from * j + rise * j * (j + 1.0f)) * gain[i + k];
            b.percussion_l[i + k] += x;
            b.percussion_r[i + k] += x;
        }
        phase += from * float(m) + rise * float(m) * float(m + 1);
        phase -= float(static_cast<int>(phase));
    }
    return phase;
}
}  // namespace

void Kick::process(const Buses& b, int frames) {
    float gain[max_block];
    const int n = gains(
        gain, frames_left(frames, p_.kick_decay * 1.5f), dsp::db_to_gain(p_.kick_db),
        [&](float t) { return std::min(1.0f, t * 500.0f) * std::exp(-6.9f * t / p_.kick_decay); });
    // The pitch falls from start to end: exact every 16 samples, straight between.
    const float span = p_.kick_start_hz - p_.kick_end_hz;
    const auto step_at = [&](int i) {
        return (p_.kick_end_hz + span * std::exp(-(t_ + float(i) * dt_) / p_.kick_sweep)) * dt_;
    };
    float points[most_points];
    points[0] = step_at(0);
    for (int i = 0, s = 1; i < n; i += line_step, ++s)
        points[s] = step_at(std::min(i + line_step, n));
    phase_ = ring_kick(points, gain, phase_, b, n);
    t_ += float(n) * dt_;
}

// ---------------------------------------------------------------- bell

void Bell::start(const PercussionPatch& p, float velocity, int midi, float seconds,
                 std::uint32_t random, std::int64_t now) {
    begin(p, velocity, midi, seconds, now);
    freq_ = dsp::midi_to_hz(float(midi));
    phase_ = mod_phase_ = 0.0f;
    pan_gains(unit(random) * 1.2f - 0.6f, pan_l_, pan_r_);
}

namespace {
// The bell's samples: phases from the block's start (no sample waits on the last).
AMBIENT_SIMD void ring_bell(const float* gain, const float* index, float phase, float step,
                            float mod_phase, float mod_step, float pan_l, float pan_r,
                            float delay_send, const Buses& b, int n) {
    AMBIENT_NO_OVERLAP
    for (int i = 0; i < n; ++i) {
        float carrier = phase + float(i + 1) * step,
              modulator = mod_phase + float(i + 1) * mod_step;
        modulator -= float(static_cast<int>(modulator));
        const float x =
            dsp::sin_turns(carrier + 0.159f * index[i] * dsp::sin_turns(modulator)) * gain[i];
        const float l = x * pan_l, r = x * pan_r;
        b.percussion_l[i] += l;
        b.percussion_r[i] += r;
        b.delay_l[i] += l * delay_send;
        b.delay_r[i] += r * delay_send;
    }
}
}  // namespace

void Bell::process(const Buses& b, int frames) {
    float gain[max_block], index[max_block];
    const float decay = p_.bell_decay;
    const int n =
        gains(gain, frames_left(frames, decay), dsp::db_to_gain(p_.bell_db),
              [&](float t) { return std::min(1.0f, t * 1000.0f) * std::exp(-6.9f * t / decay); });
    // The FM depth fades three times slower than the ring: exact every 16 samples.
    float points[most_points];
    const auto depth_at = [&](int i) {
        return p_.bell_index * std::exp(-3.0f * (t_ + float(i) * dt_) / decay);
    };
    points[0] = depth_at(0);
    for (int i = 0, s = 1; i < n; i += line_step, ++s)
        points[s] = depth_at(std::min(i + line_step, n));
    lines_to(points, n, index);
    const float step = freq_ * dt_, mod_step = freq_ * p_.bell_ratio * dt_;
    ring_bell(gain, index, phase_, step, mod_phase_, mod_step, pan_l_, pan_r_, p_.delay_send, b, n);
    phase_ += float(n) * step;
    phase_ -= float(int(phase_));
    mod_phase_ += float(n) * mod_step;
    mod_phase_ -= float(int(mod_phase_));
    t_ += float(n) * dt_;
}

// ---------------------------------------------------------------- noise: swell, bed, tick

void NoiseUnit::start(const PercussionPatch& p, float velocity, int midi, float seconds,
                      std::uint32_t random, std::int64_t now) {
    begin(p, velocity, midi, seconds, now);
    noise_ = dsp::StereoNoise(random, random * 747796405u);  // two streams far apart
    filter_.init(rate_);
}

template <Svf::Output pass>
void NoiseUnit::add_noise(const float* gain, const Buses& b, int from, int to) {
    float l[max_block], r[max_block];
    const int n = to - from;
    noise_.fill(l, r, n);
    filter_.process<pass>(l, r, l, r, n);
    add_gained(l, r, gain + from, b.percussion_l + from, b.percussion_r + from, n);
}

void Swell::process(const Buses& b, int frames) {
    float gain[max_block];
    const float length = length_;
    const int n = gains(gain, frames_left(frames, length + 0.6f), dsp::db_to_gain(p_.swell_db),
                        [length](float t) {
                            const float rise = std::min(t / length, 1.0f);
                            return t < length ? rise * rise : std::exp(-(t - length) * 6.9f / 0.6f);
                        });
    // The sweep's centre rises with the level, moved every 32 samples.
    for (int i = 0; i < n; i += 32) {
        const float rise = std::min((t_ + float(i) * dt_) / length, 1.0f);
        const float centre = 250.0f * std::exp2(3.5f * rise);
        filter_.follow(centre, centre * 1.07f, p_.swell_q);
        add_noise<Svf::Output::low>(gain, b, i, std::min(n, i + 32));
    }
    t_ += float(n) * dt_;
}

void NoiseBed::start(const PercussionPatch& p, float velocity, int midi, float seconds,
                     std::uint32_t random, std::int64_t now) {
    NoiseUnit::start(p, velocity, midi, seconds, random, now);
    filter_.set(p.noise_cutoff, p.noise_cutoff, 0.7f);
}

void NoiseBed::process(const Buses& b, int frames) {
    float gain[max_block];
    const float length = length_;
    const int n = gains(gain, frames_left(frames, length + 2.0f), dsp::db_to_gain(p_.noise_db),
                        [length](float t) {
                            const float in = std::min(t / 1.5f, 1.0f);
                            return t < length ? in : in * std::exp(-(t - length) * 6.9f / 2.0f);
                        });
    add_noise<Svf::Output::low>(gain, b, 0, n);
    t_ += float(n) * dt_;
}

void Tick::start(const PercussionPatch& p, float velocity, int midi, float seconds,
                 std::uint32_t random, std::int64_t now) {
    NoiseUnit::start(p, velocity, midi, seconds, random, now);
    filter_.set(5000.0f, 5200.0f, 0.7f);
}

void Tick::process(const Buses& b, int frames) {
    float gain[max_block];
    const int n = gains(gain, frames_left(frames, 0.06f), dsp::db_to_gain(p_.tick_db),
                        [](float t) { return std::exp(-t * 6.9f / 0.05f); });
    add_noise<Svf::Output::high>(gain, b, 0, n);
    t_ += float(n) * dt_;
}

// ---------------------------------------------------------------- the set

namespace {
// Units of a kind, and how many may sound before the oldest is stolen (the rest fade).
template <typename Unit>
void make(std::vector<Unit>& units, int count, float rate) {
    units.resize(static_cast<std::size_t>(count));
    for (Unit& u : units) u.init(rate);
}
template <typename Unit>
void hit(std::vector<Unit>& units, const PercussionPatch& p, float velocity, int midi,
         float seconds, std::uint32_t random, std::int64_t now) {
    const int limit = static_cast<int>(units.size()) * 3 / 4;
    allocate(units, limit).start(p, velocity, midi, seconds, random, now);
}
template <typename Unit>
void play(std::vector<Unit>& units, const Buses& b, int frames) {
    for (Unit& u : units)
        if (u.active()) u.process(b, frames);
}
template <typename Unit>
int count(const std::vector<Unit>& units) {
    return static_cast<int>(
        std::count_if(units.begin(), units.end(), [](const Unit& u) { return u.active(); }));
}
}  // namespace

void PercussionSet::init(float rate) {
    make(kicks_, 4, rate);
    make(bells_, 16, rate);
    make(swells_, 4, rate);
    make(beds_, 4, rate);
    make(ticks_, 8, rate);
}

void PercussionSet::start(PercussionSound kind, const PercussionPatch& p, float velocity, int midi,
                          float seconds, std::uint32_t random, std::int64_t now) {
    switch (kind) {
        case PercussionSound::kick:
            return hit(kicks_, p, velocity, midi, seconds, random, now);
        case PercussionSound::bell:
            return hit(bells_, p, velocity, midi, seconds, random, now);
        case PercussionSound::swell:
            return hit(swells_, p, velocity, midi, seconds, random, now);
        case PercussionSound::bed:
            return hit(beds_, p, velocity, midi, seconds, random, now);
        case PercussionSound::tick:
            return hit(ticks_, p, velocity, midi, seconds, random, now);
        case PercussionSound::none:
            return;  // players ignore what they do not know
    }
}

void PercussionSet::process(const Buses& b, int frames) {
    play(kicks_, b, frames);
    play(bells_, b, frames);
    play(swells_, b, frames);
    play(beds_, b, frames);
    play(ticks_, b, frames);
}

int PercussionSet::sounding() const {
    return count(kicks_) + count(bells_) + count(swells_) + count(beds_) + count(ticks_);
}

}  // namespace ambient
