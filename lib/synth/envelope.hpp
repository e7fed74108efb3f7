// ADSR envelope: linear attack (pads swell in over seconds), exponential decay and
// release that reach -60 dB in the set time, and a fast fade for stolen voices.
#pragma once

#include <cmath>

namespace ambient {

class Envelope {
  public:
    enum class Stage { idle, attack, decay, sustain, release, fade };

    // Until set(): 10 ms, 200 ms, 0.8 and 500 ms at 48 kHz. Each voice sets its patch's own.
    Envelope() { set(0.01f, 0.2f, 0.8f, 0.5f); }
    void init(float sample_rate) { rate_ = sample_rate; }
    // Seconds, and sustain level 0..1 (ranges: synth/params.hpp, AMBIENT_ENVELOPE).
    void set(float attack, float decay, float sustain, float release) {
        attack_step_ = attack > 0.0f ? 1.0f / (attack * rate_) : 1.0f;
        decay_coeff_ = sixty_db(decay);
        sustain_ = sustain;
        release_coeff_ = sixty_db(release);
        decay_16_ = std::pow(decay_coeff_, 16.0f);
        release_16_ = std::pow(release_coeff_, 16.0f);
    }
    void gate_on() { stage_ = Stage::attack; }
    // From the current level: a note tied into the next chord keeps sounding.
    void regate() {
        if (stage_ == Stage::release) stage_ = level_ < sustain_ ? Stage::attack : Stage::decay;
    }
    void gate_off() {
        if (stage_ != Stage::idle && stage_ != Stage::fade) stage_ = Stage::release;
    }
    // Fades to silence in `seconds` (default 5 ms): a stolen voice, never a click.
    void fade_out(float seconds = 0.005f) {
        if (stage_ == Stage::idle) return;
        fade_step_ = level_ / std::fmax(1.0f, seconds * rate_);
        stage_ = Stage::fade;
    }

    // The next sample's level.
    float process() {
        advance(1);
        return level_;
    }

    // Fills `out` with the next `frames` levels, computing the curve every 16 samples and
    // drawing straight lines between: for envelopes of seconds (pads) the difference is
    // far below hearing, and the work per sample is one multiply-add.
    void process_block(float* out, int frames) {
        constexpr int step = 16;
        // Worked on a copy, which no store to `out` can touch: the level stays in a register
        // rather than going through memory every 16 samples.
        Envelope e = *this;
        for (int i = 0; i < frames; i += step) {
            int n = frames - i < step ? frames - i : step;
            float from = e.level_;
            e.advance(n);
            // (a sixteenth as a product: the same value, and a division would be the slowest
            // step of the chain from one stretch to the next)
            const float slope =
                n == step ? (e.level_ - from) * (1.0f / step) : (e.level_ - from) / float(n);
            for (int k = 0; k < n; ++k) out[i + k] = from + slope * float(k + 1);
        }
        *this = e;
    }

    Stage stage() const { return stage_; }
    bool active() const { return stage_ != Stage::idle; }
    bool releasing() const { return stage_ == Stage::release || stage_ == Stage::fade; }
    float level() const { return level_; }

  private:
    // Moves the state `n` samples on at once (closed forms of the per-sample steps).
    void advance(int n) {
        switch (stage_) {
            case Stage::idle:
                return;
            case Stage::attack:
                level_ += attack_step_ * float(n);
                if (level_ >= 1.0f) {
                    level_ = 1.0f;
                    stage_ = Stage::decay;
                }
                return;
            case Stage::decay:
                level_ = sustain_ + (level_ - sustain_) * power(decay_coeff_, decay_16_, n);
                if (level_ - sustain_ < 1e-4f) stage_ = Stage::sustain;
                return;
            case Stage::sustain:
                level_ = sustain_;
                return;
            case Stage::release:
                level_ *= power(release_coeff_, release_16_, n);
                if (level_ < 1e-3f) idle();  // -60 dB: the release time's end
                return;
            case Stage::fade:
                level_ -= fade_step_ * float(n);
                if (level_ <= 0.0f) idle();
                return;
        }
    }

    // A per-sample coefficient over `n` samples (over 16 computed once in set()).
    static float power(float per_sample, float per_16, int n) {
        return n == 16 ? per_16 : n == 1 ? per_sample : std::pow(per_sample, float(n));
    }
    float sixty_db(float seconds) const {
        return seconds > 0.0f ? std::exp(std::log(0.001f) / (seconds * rate_)) : 0.0f;
    }
    void idle() {
        level_ = 0.0f;
        stage_ = Stage::idle;
    }

    float rate_ = 48000.0f;
    float attack_step_ = 0.0f, decay_coeff_ = 0.0f, sustain_ = 0.0f, release_coeff_ = 0.0f;
    float decay_16_ = 0.0f, release_16_ = 0.0f;  // the coefficients over 16 samples
    float fade_step_ = 0.0f;
    float level_ = 0.0f;
    Stage stage_ = Stage::idle;
};

}  // namespace ambient
