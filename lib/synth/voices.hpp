// The renderer's voices. Each adds its sound into the buses it feeds over one block.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "synth/dsp.hpp"
#include "synth/envelope.hpp"
#include "synth/oscillator.hpp"
#include "synth/patch.hpp"
#include "synth/svf.hpp"

namespace ambient {

// Where voices mix to, each a block of `frames` samples: the pad bus (filtered as one
// by the engine), the lead (mono: the engine pans it and feeds its sends), percussion,
// and the delay send (bells add to it directly). The engine mixes them and feeds reverb.
struct Buses {
    float* pad_l;
    float* pad_r;
    float* lead;
    float* percussion_l;
    float* percussion_r;
    float* delay_l;
    float* delay_r;
    float* spare;  // scratch for the engine
};

// Most frames a voice renders at once (the engine's control block): 10.7 ms at 48 kHz, so
// what each block costs whatever its length (a voice's set-up, the effects' ring copies,
// the calls) is paid an eighth as often as at 64, and controls (the pad filter's sweep,
// intensity's glide) still move in steps of 10.7 ms, smoother than any ear follows.
inline constexpr int max_block = 512;

// Equal-power pan: -1 left .. +1 right.
void pan_gains(float pan, float& left, float& right);

// A free voice from `pool`, stealing (with a fade) the oldest sounding one beyond `limit`;
// with every slot busy, the quietest (already fading or releasing) is taken over.
template <typename Voice>
Voice& allocate(std::vector<Voice>& pool, int limit) {
    int sounding = 0;
    Voice* oldest = nullptr;
    for (Voice& v : pool) {
        if (!v.active() || v.releasing()) continue;
        ++sounding;
        if (!oldest || v.started < oldest->started) oldest = &v;
    }
    if (sounding >= limit && oldest) oldest->steal();
    Voice* quietest = nullptr;
    for (Voice& v : pool) {
        if (!v.active()) return v;
        if (!quietest || v.level() < quietest->level()) quietest = &v;
    }
    return *quietest;
}

// Common bookkeeping for allocation and stealing.
struct VoiceBase {
    std::int64_t started = 0;  // sample time of the note-on, for stealing the oldest
    std::int64_t released = -1;
    int pitch = -1;
    float velocity = 0.0f;  // of the note-on, to play the note again transposed
};

// A voice shaped by one envelope: what allocation, stealing and release ask of it.
class EnvelopedVoice : public VoiceBase {
  public:
    void release(std::int64_t now) {
        env_.gate_off();
        released = now;
    }
    void steal() { env_.fade_out(); }
    bool active() const { return env_.active(); }
    bool releasing() const { return env_.releasing(); }
    float level() const { return env_.level(); }

    void init(float rate) {
        rate_ = rate;
        env_.init(rate);
    }

  protected:
    float rate_ = 48000.0f;
    Envelope env_;
};

// A pad note: detuned band-limited oscillators spread across the stereo field.
class PadVoice : public EnvelopedVoice {
  public:
    void init(float rate);
    // `sub`: a single sine (the chord's root an octave down) instead of the unison stack.
    // Each oscillator's phase is where it would be had it run since the run's sample 0
    // (`run_sample`: now in the run, counted in the voice's own samples), offset by
    // `random` (the note's, the same at any time), so a note held across phrases and one
    // started afresh at that moment (a stretch rendered again from the middle of a run)
    // are in the same phase.
    void start(const PadPatch& p, int midi, float velocity, bool sub, std::uint32_t random,
               std::int64_t now, double run_sample);
    void regate() {
        env_.regate();
        released = -1;
    }
    bool sub() const { return sub_; }
    void process(const Buses& b, int frames);

  private:
    bool sub_ = false;
    std::array<Oscillator, 4> osc_;
    std::array<float, 4> gain_l_{}, gain_r_{};
    int count_ = 0;
};

// The melody voice: an FM sine blended with a triangle, vibrato that fades in, glide.
class LeadVoice : public EnvelopedVoice {
  public:
    // `from_pitch` >= 0 glides from that note.
    void start(const LeadPatch& p, int midi, float velocity, float from_pitch, std::int64_t now);
    float current_pitch() const { return pitch_now_; }
    // Every sounding voice's block into the lead bus. A voice's block is its wave, its
    // low-pass, then the wave under the envelope added in: the voices' low-passes (one
    // chain each, a wait on every eight samples) run side by side, the same samples as
    // one voice after another.
    static void process_all(std::vector<LeadVoice>& voices, const Buses& b, int frames);

  private:
    void make_wave(int frames);
    float lowpass_pole() const { return 1.0f - lowpass_coeff_; }
    void add_wave(const Buses& b, int frames);

    LeadPatch p_;
    float pitch_now_ = 60.0f, pitch_target_ = 60.0f, glide_coeff_ = 1.0f;
    float phase_ = 0.0f, mod_phase_ = 0.0f, vib_phase_ = 0.0f, age_ = 0.0f;
    float gain_ = 0.0f, lowpass_ = 0.0f, lowpass_coeff_ = 1.0f;
    // A block's envelope and wave, kept here so that no block pays to clear them.
    std::array<float, max_block> env_block_{}, wave_block_{};
};

}  // namespace ambient
