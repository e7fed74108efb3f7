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
    rate_ = rate;
    for (Oscillator& o : osc_) o.init(rate);
    env_.init(rate);
}

void PadVoice::start(const PadPatch& p, int midi, float velocity, bool sub, std::uint32_t random,
                     std::int64_t now) {
    pitch = midi;
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
        osc_[n].set_phase(unit(random * (2654435761u + 2u * n)));
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

void LeadVoice::process(const Buses& b, int frames) {
    const float dt = 1.0f / rate_;
    constexpr int control = 16;  // pitch (glide, vibrato) moves every 16 samples: smooth, and cheap
    float hz = 0.0f;
    float env[max_block];
    env_.process_block(env, frames);
    for (int i = 0; i < frames; ++i) {
        float e = env[i];
        if (i % control == 0) {
            float step = std::min(control, frames - i) * dt;
            pitch_now_ += (pitch_target_ - pitch_now_) * std::min(1.0f, glide_coeff_ * control);
            // Vibrato fades in over a second after its delay.
            float depth =
                std::clamp(age_ - p_.vibrato_delay, 0.0f, 1.0f) * p_.vibrato_cents / 100.0f;
            vib_phase_ += p_.vibrato_rate * step;
            if (vib_phase_ >= 1.0f) vib_phase_ -= 1.0f;
            hz = dsp::midi_to_hz(pitch_now_ + depth * dsp::sin_turns(vib_phase_));
            age_ += step;
        }
        phase_ += hz * dt;
        if (phase_ >= 1.0f) phase_ -= 1.0f;
        mod_phase_ += hz * p_.fm_ratio * dt;
        if (mod_phase_ >= 1.0f) mod_phase_ -= float(int(mod_phase_));  // cheaper than std::floor
        float fm = dsp::sin_turns(phase_ + p_.fm_index * e * 0.159f * dsp::sin_turns(mod_phase_));
        float tri = 4.0f * std::fabs(phase_ - 0.5f) - 1.0f;
        float x = fm + (tri - fm) * p_.triangle;
        lowpass_ += (x - lowpass_) * lowpass_coeff_;
        b.lead[i] += lowpass_ * e * gain_;
    }
}

// ---------------------------------------------------------------- percussion

void PercussionVoice::start(const PercussionPatch& p, Kind kind, float velocity, int midi,
                            float seconds, std::uint32_t random, std::int64_t now) {
    p_ = p;
    kind_ = kind;
    pitch = midi;
    started = now;
    active_ = true;
    fading_ = false;
    t_ = 0.0f;
    dt_ = 1.0f / rate_;
    length_ = std::max(seconds, 0.01f);
    velocity_ = velocity;
    phase_ = mod_phase_ = 0.0f;
    amp_ = 0.0f;
    noise_l_ = dsp::Noise(random | 1u);
    noise_r_ = dsp::Noise((random * 747796405u) | 1u);
    pan_gains(kind == Kind::bell ? (unit(random) * 1.2f - 0.6f) : 0.0f, pan_l_, pan_r_);
    filter_l_.init(rate_);
    filter_r_.init(rate_);
    if (kind == Kind::bell) freq_ = dsp::midi_to_hz(float(midi));
    // Exponential decays as per-sample factors: -60 dB over the decay time.
    float decay = kind == Kind::kick ? p.kick_decay : p.bell_decay;
    decay_coeff_ = std::exp(-6.9f * dt_ / decay);
    sweep_coeff_ =
        kind == Kind::kick ? std::exp(-dt_ / p.kick_sweep) : std::exp(-3.0f * dt_ / p.bell_decay);
    decay_ = sweep_ = 1.0f;
    switch (kind) {
        case Kind::kick:
            gain_ = dsp::db_to_gain(p.kick_db);
            break;
        case Kind::bell:
            gain_ = dsp::db_to_gain(p.bell_db);
            break;
        case Kind::swell:
            gain_ = dsp::db_to_gain(p.swell_db);
            break;  // band-pass loses about 6 dB
        case Kind::bed:
            gain_ = dsp::db_to_gain(p.noise_db);
            break;
        case Kind::tick:
            gain_ = dsp::db_to_gain(p.tick_db);
            break;
        case Kind::none:  // the engine never starts one
            gain_ = 0.0f;
            break;
    }
    if (kind == Kind::bed) filter_l_.set(p.noise_cutoff, 0.7f), filter_r_.set(p.noise_cutoff, 0.7f);
    if (kind == Kind::tick) filter_l_.set(5000.0f, 0.7f), filter_r_.set(5200.0f, 0.7f);
}

void PercussionVoice::process(const Buses& b, int frames) {
    for (int i = 0; i < frames && active_; ++i) {
        float l = 0.0f, r = 0.0f, delay_send = 0.0f;
        switch (kind_) {
            case Kind::kick: {
                sweep_ *= sweep_coeff_;
                decay_ *= decay_coeff_;
                phase_ += (p_.kick_end_hz + (p_.kick_start_hz - p_.kick_end_hz) * sweep_) * dt_;
                amp_ = std::min(1.0f, t_ * 500.0f) * decay_;
                l = r = dsp::sin_turns(phase_) * amp_ * gain_ * velocity_;
                if (t_ > p_.kick_decay * 1.5f) active_ = false;
                break;
            }
            case Kind::bell: {
                phase_ += freq_ * dt_;
                mod_phase_ += freq_ * p_.bell_ratio * dt_;
                if (phase_ >= 1.0f) phase_ -= 1.0f;
                if (mod_phase_ >= 1.0f)
                    mod_phase_ -= float(int(mod_phase_));  // cheaper than std::floor
                sweep_ *= sweep_coeff_;
                decay_ *= decay_coeff_;
                float index = p_.bell_index * sweep_;
                amp_ = std::min(1.0f, t_ * 1000.0f) * decay_;
                float x = dsp::sin_turns(phase_ + 0.159f * index * dsp::sin_turns(mod_phase_)) *
                          amp_ * gain_ * velocity_;
                l = x * pan_l_;
                r = x * pan_r_;
                delay_send = p_.delay_send;
                if (t_ > p_.bell_decay) active_ = false;
                break;
            }
            case Kind::swell: {
                // Low-passed noise rising in level and brightness into the chord change, then
                // letting go: air, not hiss.
                float rise = std::min(t_ / length_, 1.0f);
                amp_ = t_ < length_ ? rise * rise : std::exp(-(t_ - length_) * 6.9f / 0.6f);
                if ((i & 31) == 0) {
                    float centre = 250.0f * std::exp2(3.5f * rise);
                    filter_l_.set(centre, p_.swell_q);
                    filter_r_.set(centre * 1.07f, p_.swell_q);
                }
                float g = amp_ * gain_ * velocity_;
                filter_l_.process(noise_l_.process());
                filter_r_.process(noise_r_.process());
                l = filter_l_.low() * g;  // a resonant low-pass sweep: air, not hiss
                r = filter_r_.low() * g;
                if (t_ > length_ + 0.6f) active_ = false;
                break;
            }
            case Kind::bed: {
                // A bed: fades in over 1.5 s, holds, fades out over 2 s after its length.
                float in = std::min(t_ / 1.5f, 1.0f);
                amp_ = t_ < length_ ? in : in * std::exp(-(t_ - length_) * 6.9f / 2.0f);
                float g = amp_ * gain_ * velocity_;
                l = filter_l_.process(noise_l_.process()) * g;
                r = filter_r_.process(noise_r_.process()) * g;
                if (t_ > length_ + 2.0f) active_ = false;
                break;
            }
            case Kind::tick: {
                amp_ = std::exp(-t_ * 6.9f / 0.05f);
                float g = amp_ * gain_ * velocity_;
                filter_l_.process(noise_l_.process());
                filter_r_.process(noise_r_.process());
                l = filter_l_.high() * g;
                r = filter_r_.high() * g;
                if (t_ > 0.06f) active_ = false;
                break;
            }
            case Kind::none:
                active_ = false;
                break;
        }
        if (fading_) {
            // A stolen voice: 5 ms to silence.
            velocity_ -= velocity_ > 0.0f ? dt_ / 0.005f : 0.0f;
            if (velocity_ <= 0.0f) active_ = false;
        }
        b.percussion_l[i] += l;
        b.percussion_r[i] += r;
        if (delay_send > 0.0f) {
            b.delay_l[i] += l * delay_send;
            b.delay_r[i] += r * delay_send;
        }
        t_ += dt_;
    }
}

}  // namespace ambient
