// The renderer's percussion: kick, bell, noise swell, noise bed and tick, each its own unit
// with its own block loop, and a set of each that the engine starts by kind.
#pragma once

#include <cstdint>
#include <vector>

#include "phrase/percussion_kind.hpp"
#include "synth/dsp.hpp"
#include "synth/patch.hpp"
#include "synth/svf.hpp"
#include "synth/voices.hpp"

namespace ambient {

// What every percussion unit shares: its clock, its level for stealing, and the 5 ms fade
// of a stolen hit.
class PercussionUnit : public VoiceBase {
  public:
    void init(float rate) {
        rate_ = rate;
        dt_ = 1.0f / rate;
    }
    void steal() { fading_ = true; }
    bool active() const { return active_; }
    bool releasing() const { return fading_; }
    float level() const { return amp_; }

  protected:
    void begin(const PercussionPatch& p, float velocity, int midi, float length, std::int64_t now);
    // Samples of this block still inside the hit's `lasts` seconds; ends the unit after them.
    int frames_left(int frames, float lasts);
    // gain[i] = amp(t) * scale * velocity over the block: `amp` is exact every 16 samples
    // and a straight line between; a stolen hit's fade is applied, ending it at silence.
    template <typename Amp>
    int gains(float* gain, int frames, float scale, Amp amp);

    PercussionPatch p_;
    float rate_ = 48000.0f, dt_ = 1.0f / 48000.0f;
    bool active_ = false, fading_ = false;
    float t_ = 0.0f;  // seconds since the hit
    float length_ = 0.0f, velocity_ = 0.0f, amp_ = 0.0f;
};

// A sine falling in pitch under a short decay.
class Kick : public PercussionUnit {
  public:
    void start(const PercussionPatch& p, float velocity, int midi, float seconds,
               std::uint32_t random, std::int64_t now);
    void process(const Buses& b, int frames);

  private:
    float phase_ = 0.0f;
};

// Two-operator FM whose brightness fades faster than its ring; panned, into the echoes.
class Bell : public PercussionUnit {
  public:
    void start(const PercussionPatch& p, float velocity, int midi, float seconds,
               std::uint32_t random, std::int64_t now);
    void process(const Buses& b, int frames);

  private:
    float freq_ = 0.0f, phase_ = 0.0f, mod_phase_ = 0.0f;
    float pan_l_ = 0.7f, pan_r_ = 0.7f;
};

// What the noises share: a stereo noise source (seeded per hit) through a stereo filter.
class NoiseUnit : public PercussionUnit {
  public:
    void start(const PercussionPatch& p, float velocity, int midi, float seconds,
               std::uint32_t random, std::int64_t now);

  protected:
    // Frames from..to of the filtered noise times gain[i], into the percussion buses.
    template <Svf::Output pass>
    void add_noise(const float* gain, const Buses& b, int from, int to);

    dsp::StereoNoise noise_;
    StereoSvf filter_;
};

// Low-passed noise rising in level and brightness into the chord change, then letting
// go: air, not hiss.
class Swell : public NoiseUnit {
  public:
    void process(const Buses& b, int frames);
};

// A bed of low-passed noise: fades in over 1.5 s, holds, fades out over 2 s after its length.
class NoiseBed : public NoiseUnit {
  public:
    void start(const PercussionPatch& p, float velocity, int midi, float seconds,
               std::uint32_t random, std::int64_t now);
    void process(const Buses& b, int frames);
};

// A 50 ms burst of high-passed noise.
class Tick : public NoiseUnit {
  public:
    void start(const PercussionPatch& p, float velocity, int midi, float seconds,
               std::uint32_t random, std::int64_t now);
    void process(const Buses& b, int frames);
};

// Units of every kind, a few of each, stolen oldest first when a kind runs out.
class PercussionSet {
  public:
    void init(float rate);
    void start(PercussionSound kind, const PercussionPatch& p, float velocity, int midi,
               float seconds, std::uint32_t random, std::int64_t now);
    void process(const Buses& b, int frames);
    int sounding() const;

  private:
    std::vector<Kick> kicks_;
    std::vector<Bell> bells_;
    std::vector<Swell> swells_;
    std::vector<NoiseBed> beds_;
    std::vector<Tick> ticks_;
};

}  // namespace ambient
