#include "synth/voices.hpp"

#include <algorithm>
#include <cmath>

#include "synth/dsp.hpp"

namespace ambient {

namespace {
float unit(std::uint32_t r) {
    return static_cast<float>(r >> 8) * (1.0f / 16777216.0f);
}

// A block of an envelope, its straight lines drawn in the widest vectors the CPU has.
AMBIENT_SIMD void envelope_block(Envelope& envelope, float* out, int frames) {
    envelope.process_block(out, frames);
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
                     std::int64_t now, double run_sample) {
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
        const double turns = double(osc_[n].increment()) * run_sample;
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
    envelope_block(env_, env, frames);
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
constexpr int lead_control = 16;  // pitch (glide, vibrato) moves every 16 samples: smooth, cheap

// The lead's samples over a block, its pitch steady over each stretch of lead_control
// samples (`steps`: the carrier's increment in each): phases from each stretch's start, so
// no sample waits on the last. Advances the phases. One call a block, so that the loops'
// set-up is paid once, not once a stretch.
AMBIENT_SIMD void lead_block(const LeadPatch& p, const float* env, const float* steps, float* out,
                             float& phase, float& mod_phase, int frames) {
    for (int at = 0, s = 0; at < frames; at += lead_control, ++s) {
        const int n = std::min(lead_control, frames - at);
        const float step = steps[s], mod_step = step * p.fm_ratio;
        const float carrier_from = phase, modulator_from = mod_phase;
        for (int i = 0; i < n; ++i) {
            float carrier = carrier_from + float(i + 1) * step;
            carrier -= float(static_cast<int>(carrier));
            float modulator = modulator_from + float(i + 1) * mod_step;
            modulator -= float(static_cast<int>(modulator));
            float fm = dsp::sin_turns(carrier + p.fm_index * env[at + i] * 0.159f *
                                                    dsp::sin_turns(modulator));
            float tri = 4.0f * std::fabs(carrier - 0.5f) - 1.0f;
            out[at + i] = fm + (tri - fm) * p.triangle;
        }
        phase += float(n) * step;
        phase -= float(static_cast<int>(phase));
        mod_phase += float(n) * mod_step;
        mod_phase -= float(static_cast<int>(mod_phase));
    }
}
// out += x * env * gain.
AMBIENT_SIMD void add_enveloped(const float* x, const float* env, float gain, float* out,
                                int frames) {
    AMBIENT_NO_OVERLAP
    for (int i = 0; i < frames; ++i) out[i] += x[i] * env[i] * gain;
}
// Each stretch's pitch (a MIDI note) with its vibrato, as the carrier's increment per
// sample.
AMBIENT_SIMD void lead_steps(const float* pitch, const float* depth, const float* vibrato,
                             float* steps, int n, float dt) {
    for (int s = 0; s < n; ++s) {
        const float note = pitch[s] + depth[s] * dsp::sin_turns(vibrato[s]);
        steps[s] = 440.0f * dsp::exp2_fast((note - 69.0f) * (1.0f / 12.0f)) * dt;
    }
}
}  // namespace

void LeadVoice::process_all(std::vector<LeadVoice>& voices, const Buses& b, int frames) {
    constexpr int most = 8;
    LeadVoice* sounding[most];
    float* waves[most];
    float* states[most];
    int count = 0;
    // The waves made, low-passed side by side while they share the coefficient (a morph can
    // leave them apart), then added in the voices' order.
    auto finish = [&] {
        bool same = true;
        for (int i = 1; i < count; ++i)
            same = same && sounding[i]->lowpass_pole() == sounding[0]->lowpass_pole();
        if (same && count > 0) {
            dsp::one_pole(waves, states, count, frames, sounding[0]->lowpass_pole());
        } else {
            for (int i = 0; i < count; ++i)
                dsp::one_pole(waves[i], waves[i], frames, sounding[i]->lowpass_pole(), *states[i]);
        }
        for (int i = 0; i < count; ++i) sounding[i]->add_wave(b, frames);
        count = 0;
    };
    for (LeadVoice& v : voices) {
        if (!v.active()) continue;
        v.make_wave(frames);
        sounding[count] = &v;
        waves[count] = v.wave_block_.data();
        states[count++] = &v.lowpass_;
        if (count == most) finish();
    }
    finish();
}

void LeadVoice::make_wave(int frames) {
    const float dt = 1.0f / rate_;
    float* env = env_block_.data();
    float* x = wave_block_.data();
    // (all written below, as the compiler cannot see)
    constexpr int most = max_block / lead_control + 1;
    float pitch[most] = {}, depth[most] = {}, vibrato[most] = {}, steps[most] = {};
    envelope_block(env_, env, frames);
    // Each stretch's pitch (the glide), vibrato depth and phase: a few adds that wait on
    // the last; then their sines and powers side by side.
    const int stretches = (frames + lead_control - 1) / lead_control;
    for (int i = 0, s = 0; i < frames; i += lead_control, ++s) {
        const float step = float(std::min(lead_control, frames - i)) * dt;
        pitch_now_ += (pitch_target_ - pitch_now_) * std::min(1.0f, glide_coeff_ * lead_control);
        // Vibrato fades in over a second after its delay.
        depth[s] = std::clamp(age_ - p_.vibrato_delay, 0.0f, 1.0f) * p_.vibrato_cents / 100.0f;
        vib_phase_ += p_.vibrato_rate * step;
        if (vib_phase_ >= 1.0f) vib_phase_ -= 1.0f;
        vibrato[s] = vib_phase_;
        pitch[s] = pitch_now_;
        age_ += step;
    }
    lead_steps(pitch, depth, vibrato, steps, stretches, dt);
    lead_block(p_, env, steps, x, phase_, mod_phase_, frames);
}

void LeadVoice::add_wave(const Buses& b, int frames) {
    add_enveloped(wave_block_.data(), env_block_.data(), gain_, b.lead, frames);
}

}  // namespace ambient
