#include "synth/voices.hpp"

#include <algorithm>
#include <cmath>

#include "synth/dsp.hpp"

namespace ambient {

namespace {
float unit(std::uint32_t r) {
    return static_cast<float>(r >> 8) * (1.0f / 16777216.0f);
}
}  // namespace

void pan_gains(float pan, float& left, float& right) {
    float angle = (std::clamp(pan, -1.0f, 1.0f) + 1.0f) * 0.25f * dsp::pi;
    left = std::cos(angle);
    right = std::sin(angle);
}

// ---------------------------------------------------------------- pad

void PadVoice::init(float rate) {
    EnvelopedVoice::init(rate);
    for (Oscillator& o : osc_) o.init(rate);
}

void PadVoice::start(const PadPatch& p, int midi, float velocity, bool sub, std::uint32_t random,
                     std::int64_t now, std::int64_t run_sample) {
    pitch = midi;
    sub_ = sub;
    started = now;
    released = -1;
    count_ = sub ? 1 : std::clamp(p.unison, 1, 4);
    float level =
        dsp::db_to_gain(sub ? p.sub_level_db : p.level_db) * velocity / std::sqrt(float(count_));
    for (int i = 0; i < count_; ++i) {
        auto n = static_cast<std::size_t>(i);
        // Spread the unison evenly from -1 to +1 in detune and pan.
        float spread = count_ == 1 ? 0.0f : 2.0f * float(i) / float(count_ - 1) - 1.0f;
        osc_[n].set_waveform(sub ? Waveform::sine : p.waveform);
        osc_[n].set_frequency(dsp::midi_to_hz(float(midi) + spread * p.detune_cents / 100.0f));
        const double turns = double(osc_[n].increment()) * double(run_sample);
        osc_[n].set_phase(unit(random * (2654435761u + 2u * n)) +
                          static_cast<float>(turns - std::floor(turns)));
        float l, r;
        pan_gains(sub ? 0.0f : spread * p.spread, l, r);
        gain_l_[n] = level * l;
        gain_r_[n] = level * r;
    }
    env_.set(p.attack, p.decay, p.sustain, p.release);
    env_.gate_on();
}

void PadVoice::process(const Buses& b, int frames) {
    float env[max_block];
    env_.process_block(env, frames);
    for (int k = 0; k < count_; ++k) {
        auto n = static_cast<std::size_t>(k);
        osc_[n].add_block(env, gain_l_[n], gain_r_[n], b.pad_l, b.pad_r, frames);
    }
}

// ---------------------------------------------------------------- lead

void LeadVoice::start(const LeadPatch& p, int midi, float velocity, float from_pitch,
                      std::int64_t now) {
    p_ = p;
    // From phase 0, carrier and modulator together (their relation is the FM timbre), so
    // the note sounds the same whatever the voice played before.
    phase_ = mod_phase_ = vib_phase_ = 0.0f;
    lowpass_ = 0.0f;
    pitch = midi;
    started = now;
    released = -1;
    pitch_target_ = float(midi);
    pitch_now_ = from_pitch >= 0.0f ? from_pitch : pitch_target_;
    glide_coeff_ = dsp::smoothing_coefficient(p.glide / 3.0f, rate_);
    gain_ = dsp::db_to_gain(p.level_db) * velocity;
    lowpass_coeff_ = 1.0f - std::exp(-dsp::two_pi * p.cutoff / rate_);
    age_ = 0.0f;
    env_.set(p.attack, p.decay, p.sustain, p.release);
    env_.gate_on();
}

namespace {
// The lead's samples over one stretch of steady pitch: phases from the stretch's start, so
// no sample waits on the last; returns the carrier's phase after it.
AMBIENT_SIMD float lead_stretch(const LeadPatch& p, const float* env, float* out, float phase,
                                float mod_phase, float step, int n) {
    const float mod_step = step * p.fm_ratio;
    for (int i = 0; i < n; ++i) {
        float carrier = phase + float(i + 1) * step;
        carrier -= float(static_cast<int>(carrier));
        float modulator = mod_phase + float(i + 1) * mod_step;
        modulator -= float(static_cast<int>(modulator));
        float fm =
            dsp::sin_turns(carrier + p.fm_index * env[i] * 0.159f * dsp::sin_turns(modulator));
        float tri = 4.0f * std::fabs(carrier - 0.5f) - 1.0f;
        out[i] = fm + (tri - fm) * p.triangle;
    }
    phase += float(n) * step;
    return phase - float(static_cast<int>(phase));
}
}  // namespace

void LeadVoice::process(const Buses& b, int frames) {
    const float dt = 1.0f / rate_;
    constexpr int control = 16;  // pitch (glide, vibrato) moves every 16 samples: smooth, and cheap
    float env[max_block], x[max_block] = {};  // (x: all written below, as the compiler cannot see)
    env_.process_block(env, frames);
    for (int i = 0; i < frames; i += control) {
        const int n = std::min(control, frames - i);
        const float step = float(n) * dt;
        pitch_now_ += (pitch_target_ - pitch_now_) * std::min(1.0f, glide_coeff_ * control);
        // Vibrato fades in over a second after its delay.
        float depth = std::clamp(age_ - p_.vibrato_delay, 0.0f, 1.0f) * p_.vibrato_cents / 100.0f;
        vib_phase_ += p_.vibrato_rate * step;
        if (vib_phase_ >= 1.0f) vib_phase_ -= 1.0f;
        const float hz = dsp::midi_to_hz(pitch_now_ + depth * dsp::sin_turns(vib_phase_));
        age_ += step;
        phase_ = lead_stretch(p_, env + i, x + i, phase_, mod_phase_, hz * dt, n);
        mod_phase_ += float(n) * hz * dt * p_.fm_ratio;
        mod_phase_ -= float(static_cast<int>(mod_phase_));
    }
    // The one-pole low-pass, then the level.
    dsp::one_pole(x, x, frames, 1.0f - lowpass_coeff_, lowpass_);
    const float gain = gain_;
    AMBIENT_NO_OVERLAP
    for (int i = 0; i < frames; ++i) b.lead[i] += x[i] * env[i] * gain;
}

}  // namespace ambient
