// One continuous performance: phrases become timed note events on a single timeline,
// voices sound across phrase boundaries, and the pad filter, delay and reverb run
// without a break, so no phrase boundary is heard as anything but music.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <variant>
#include <vector>

#include "phrase/phrase.hpp"
#include "synth/chorus.hpp"
#include "synth/formants.hpp"
#include "synth/patch.hpp"
#include "synth/percussion.hpp"
#include "synth/reverb.hpp"
#include "synth/stereo_delay.hpp"
#include "synth/svf.hpp"
#include "synth/upsampler.hpp"
#include "synth/voices.hpp"

namespace ambient {

class Engine {
  public:
    static constexpr int control_block =
        max_block;  // samples between control updates (filter sweep)

    Engine(float sample_rate, const Patch& patch, std::uint64_t seed);

    // Samples a phrase lasts at its own tempo.
    double phrase_samples(const Phrase& p) const;
    // Queues a phrase's chords, melody and percussion from sample `start` (not before now()).
    void schedule(const Phrase& p, double start);
    // Renders the next `frames` stereo frames (overwriting left and right).
    void render(float* left, float* right, int frames);

    // Live control (the renderer's --control), heard at once rather than from the next
    // phrase. Intensity: glides there and stays, whatever later phrases say (nullopt: the
    // phrases decide again).
    void set_intensity(std::optional<float> intensity);
    // Key: every note is moved from its phrase's key to this one, by the nearer way
    // (at most a tritone); sounding pad notes move at once. nullopt: no transposition.
    void set_key(std::optional<int> pitch_class);
    // Tempo: everything not yet played is stretched by `factor` (old bpm / new bpm) from now,
    // and the delay's time follows `bpm`.
    void stretch(double factor, double bpm);
    int transposition() const { return transpose_for(current_key_); }
    bool transposes() const noexcept { return key_override_.has_value(); }
    // Timbre: every parameter glides from the sound now to `target` over `seconds` (0: at
    // once). Sounding notes keep sounding; each new note takes the patch of its moment; a
    // room of another size or pre-delay is crossfaded in.
    void morph_to(const Patch& target, double seconds);
    const Patch& patch() const noexcept { return patch_; }
    // The patch being morphed to, or the patch itself when none is under way.
    const Patch& target_patch() const noexcept { return morph_ ? morph_->target() : patch_; }

    // This engine's sample 0 is the run's sample `origin` (a replay from the middle of a
    // run, lib/history): each note's randomness comes from the run's time and the slow
    // LFOs start where the run's were, so the replay sounds as the run did. Before the
    // first render.
    void set_origin(std::int64_t origin);

    // Whether the pads are worked at half the rate (pad_divider_ below says when).
    bool pads_at_half_rate() const noexcept { return pad_divider_ == 2; }
    // The pads at the output's rate whatever the patch (to compare, as the tests do).
    // Before the first render.
    void keep_pads_at_full_rate();

    std::int64_t now() const { return now_; }
    // No event pending and no voice sounding (effect tails may still ring).
    bool quiet() const;
    int sounding_voices() const;

  private:
    // What happens at a sample, one type per kind of event.
    enum class Part : std::uint8_t { pad, sub, lead };  // sub: the chord's root an octave down
    struct PhraseStart {
        float bpm, intensity;
    };
    struct NoteOn {
        Part part;
        std::int16_t pitch;
        float velocity;
    };
    struct NoteOff {
        Part part;
        std::int16_t pitch;
    };
    struct Hit {
        PercussionSound sound;
        std::int16_t pitch;
        float velocity, seconds;
    };
    struct Event {
        std::int64_t time;
        std::variant<PhraseStart, NoteOff, NoteOn, Hit> what;
        std::int8_t key = -1;  // pitch class of the phrase's key
    };
    // At one sample: the phrase first, then offs before ons (so a tied note can be
    // regated), pads before the sub and the lead, percussion last.
    static int order(const Event& e);
    int transpose_for(int phrase_key) const;

    void dispatch(const Event& e);
    void start_pad(int pitch, float velocity, bool sub);
    void release_pad(int pitch, bool sub);
    void start_lead(int pitch, float velocity);
    AMBIENT_SIMD void render_chunk(float* left, float* right, int frames);
    // A note's randomness (oscillator phases, detune, noise): a function of the run's seed,
    // the sample it starts at and what it is (`note`: part, pitch, sound), never of what
    // came before, so any stretch of the run can be rendered again on its own.
    std::uint32_t random_at(std::int64_t time, std::uint32_t note) const;

    // The pads' sound over `n` frames into left and right: their voices, then the low-pass
    // at `cutoff`, the level `gain` and the formants, at the pad rate (rate_ / pad_divider_), made
    // up to the output's rate. At half the rate, left[n] and right[n] may be written too.
    void render_pads(float* left, float* right, int n, float cutoff, float gain);
    AMBIENT_SIMD void pads_at_pad_rate(float* left, float* right, int n, float cutoff, float gain);
    float pad_rate() const { return rate_ / float(pad_divider_); }
    void step_morph(int frames);
    void make_room_for(int polyphony);  // pad voices for a patch's polyphony, and fades

    float rate_;
    Patch patch_;
    std::unique_ptr<PatchMorph> morph_;             // while a morph is under way
    double morph_length_ = 0.0, morph_done_ = 0.0;  // samples
    int morph_countdown_ = 0;                       // samples to the next step of the glide
    std::uint64_t seed_;
    std::int64_t origin_ = 0;  // the run's sample at our sample 0
    std::int64_t now_ = 0;
    std::vector<Event> events_;
    std::size_t next_event_ = 0;

    std::vector<PadVoice> pads_;
    std::vector<LeadVoice> leads_;
    PercussionSet percussion_;
    int last_lead_ = -1;

    // Pads whose low-pass stays under a fifth of the rate are worked at half the rate (2:
    // every voice, and their filter, do half the samples) and made up to the output's rate
    // by the upsampler; brighter patches at the full rate (1). Chosen from the engine's
    // first patch: a morph to a brighter one keeps it (the filter then tops at 0.49 of the
    // half rate).
    int pad_divider_ = 1;
    Upsampler2x upsampler_;
    // An output frame made and not yet asked for (the upsampler gives frames in twos).
    float spare_l_ = 0.0f, spare_r_ = 0.0f;
    bool has_spare_ = false;
    StereoSvf pad_filter_;
    Chorus chorus_;
    StereoDelay delay_;
    Reverb reverb_;
    // During a morph into a room of another size or pre-delay: the new room, fed alongside
    // the old and crossfaded in (equal power) as the morph goes.
    std::unique_ptr<Reverb> next_reverb_;
    Formants formants_;
    float intensity_ = 0.5f, intensity_target_ = 0.5f, intensity_glide_ = 0.0f;
    std::optional<float> intensity_override_;
    std::optional<int> key_override_;
    int current_key_ = -1;  // of the phrase now playing
    float lfo_phase_ = 0.0f;
    // Eight buses of control_block samples, each with room past its end for the pads'
    // upsampler's one frame more (a 64-byte multiple apart).
    static constexpr int bus_stride = control_block + 16;
    std::vector<float> bus_;
};

}  // namespace ambient
