// The parameter table: one row per sound setting, its member, unit, default, range and
// help, stated once. From a unit's rows come its settings struct (with the defaults), a
// descriptor per setting (`reverb_param::decay`) and the list binding them to the struct
// (`reverb_param::all`). Patch JSON (reading, writing, validation), --print-patch,
// ambient-render --list-params, the flags of ambient-fx and the man pages' parameter
// lists all come from those.
//
// Every unit's rows are here, in one table, as X-macro lists: X(type, member, unit,
// default, min, max, help); AMBIENT_SETTINGS in the unit's header makes the struct.
#pragma once

#include <string>
#include <string_view>
#include <type_traits>

namespace ambient {

struct Param {
    std::string_view key;   // "decay"
    std::string_view unit;  // "s", "ms", "Hz", "dB", "cents", "" for a plain number
    float value;            // the default
    float min, max;
    std::string_view help;
    bool integer = false;

    bool accepts(double x) const {
        return x >= min && x <= max && (!integer || x == static_cast<long long>(x));
    }
    // A value from a caller that skipped validation, held to the range.
    float clamp(float x) const { return x < min ? min : x > max ? max : x; }
    // "a number from 0.3 to 30" (or "an integer from 1 to 4"): the text of every refusal.
    std::string expectation() const;
};

// A descriptor bound to the member of a settings struct that it describes.
template <typename Settings>
struct ParamOf {
    const Param* param;
    float Settings::*real = nullptr;
    int Settings::*whole = nullptr;

    constexpr ParamOf(const Param* p, float Settings::*m) : param(p), real(m) {}
    constexpr ParamOf(const Param* p, int Settings::*m) : param(p), whole(m) {}
};

// Ranges that several rows share.
#define AMBIENT_LEVEL(X, member, value, help) X(float, member, "dB", value, -90, 12, help)
#define AMBIENT_SHARE(X, member, value, help) X(float, member, "", value, 0, 1, help)
#define AMBIENT_CEILING(X, member, help) X(float, member, "dBTP", -1, -20, 0, help)
#define AMBIENT_ENVELOPE(X, attack_s, decay_s, sustain_level, release_s)                      \
    X(float, attack, "s", attack_s, 0.001f, 30, "rise from silence to full level")            \
    X(float, decay, "s", decay_s, 0.001f, 30, "fall from full to the sustain level (-60 dB)") \
    AMBIENT_SHARE(X, sustain, sustain_level, "level held while the note lasts")               \
    X(float, release, "s", release_s, 0.01f, 30, "fade after the note ends (-60 dB)")

#define AMBIENT_PAD_PARAMS(X)                                                                \
    AMBIENT_LEVEL(X, level_db, -9, "pad level")                                              \
    X(int, unison, "", 3, 1, 4, "detuned oscillators per note")                              \
    X(float, detune_cents, "cents", 9, 0, 50, "spread of the outer oscillators")             \
    AMBIENT_ENVELOPE(X, 2.5f, 2.0f, 0.8f, 4.0f)                                              \
    X(float, cutoff, "Hz", 700, 20, 20000, "low-pass cutoff at intensity 0")                 \
    X(float, cutoff_span, "Hz", 2600, 0, 20000, "added to the cutoff at intensity 1")        \
    X(float, resonance, "", 1.1f, 0.5f, 10, "filter Q")                                      \
    X(float, lfo_rate, "Hz", 0.07f, 0, 10, "speed of the cutoff's drift")                    \
    X(float, lfo_depth, "octaves", 0.5f, 0, 4, "depth of the drift")                         \
    AMBIENT_SHARE(X, spread, 0.8f, "stereo width of the unison")                             \
    AMBIENT_LEVEL(X, sub_level_db, -15, "sine an octave under each chord's root (-90: off)") \
    AMBIENT_SHARE(X, reverb_send, 0.7f, "share sent to the reverb")                          \
    AMBIENT_SHARE(X, formant, 0, "share through vowel formants, a choir's sound (0: off)")   \
    AMBIENT_SHARE(X, vowel, 0.3f, "the formants' vowel: 0 ah to 1 oo")

#define AMBIENT_LEAD_PARAMS(X)                                                                \
    AMBIENT_LEVEL(X, level_db, -8, "lead level")                                              \
    AMBIENT_SHARE(X, triangle, 0.5f, "0 pure FM sine to 1 triangle")                          \
    X(float, fm_ratio, "", 2, 0.25f, 16, "modulator to carrier frequency")                    \
    X(float, fm_index, "", 0.7f, 0, 10, "depth of the FM: brightness")                        \
    AMBIENT_ENVELOPE(X, 0.25f, 1.2f, 0.7f, 2.5f)                                              \
    X(float, vibrato_rate, "Hz", 4.8f, 0, 20, "vibrato speed")                                \
    X(float, vibrato_cents, "cents", 12, 0, 100, "vibrato depth")                             \
    X(float, vibrato_delay, "s", 0.8f, 0, 10, "time into a note before the vibrato comes in") \
    X(float, glide, "s", 0.05f, 0, 2, "pitch glide between notes that touch")                 \
    X(float, cutoff, "Hz", 3200, 100, 20000, "one-pole low-pass")                             \
    AMBIENT_SHARE(X, reverb_send, 0.45f, "share sent to the reverb")                          \
    AMBIENT_SHARE(X, delay_send, 0.35f, "share sent to the delay")

#define AMBIENT_PERCUSSION_PARAMS(X)                                        \
    AMBIENT_LEVEL(X, kick_db, -7, "kick level")                             \
    X(float, kick_start_hz, "Hz", 105, 20, 1000, "kick pitch at the hit")   \
    X(float, kick_end_hz, "Hz", 44, 20, 1000, "kick pitch it falls to")     \
    X(float, kick_sweep, "s", 0.07f, 0.001f, 2, "time of the fall")         \
    X(float, kick_decay, "s", 0.7f, 0.01f, 5, "kick length")                \
    AMBIENT_LEVEL(X, bell_db, -15, "bell level")                            \
    X(float, bell_ratio, "", 3.5f, 0.25f, 16, "bell FM ratio")              \
    X(float, bell_index, "", 1.5f, 0, 10, "bell FM depth")                  \
    X(float, bell_decay, "s", 3.5f, 0.05f, 20, "bell ring time")            \
    AMBIENT_LEVEL(X, swell_db, -20, "noise swell level")                    \
    X(float, swell_q, "", 1.4f, 0.5f, 10, "resonance of the swell's sweep") \
    AMBIENT_LEVEL(X, noise_db, -33, "noise bed level")                      \
    X(float, noise_cutoff, "Hz", 2200, 20, 20000, "noise bed low-pass")     \
    AMBIENT_LEVEL(X, tick_db, -27, "noise tick level")                      \
    AMBIENT_SHARE(X, reverb_send, 0.5f, "share sent to the reverb")         \
    AMBIENT_SHARE(X, delay_send, 0.3f, "share sent to the delay")

#define AMBIENT_REVERB_PARAMS(X)                                                          \
    X(float, decay, "s", 6, 0.3f, 30, "time for the tail to fall 60 dB (RT60)")           \
    X(float, size, "", 1, 0.3f, 2, "room size, scaling the delay lines")                  \
    AMBIENT_SHARE(X, damping, 0.35f, "0 bright to 1 dark: how much sooner the highs die") \
    X(float, predelay_ms, "ms", 20, 0, 200, "gap between the dry sound and the tail")     \
    AMBIENT_SHARE(X, mix, 0.3f, "level of the hall: the wet sound at twice this over the dry")

#define AMBIENT_DELAY_PARAMS(X)                                                         \
    X(float, beats, "beats", 0.75f, 0.0625f, 4,                                         \
      "delay time in beats of the tempo (0.75: a dotted eighth)")                       \
    X(float, feedback, "", 0.35f, 0, 0.95f, "share of each echo fed back")              \
    AMBIENT_SHARE(X, damping, 0.4f, "0 bright to 1 dark: how much darker each echo is") \
    AMBIENT_SHARE(X, mix, 0.18f, "echo level")

#define AMBIENT_CHORUS_PARAMS(X)                         \
    AMBIENT_SHARE(X, mix, 0, "chorus share (0: off)")    \
    X(float, rate, "Hz", 0.25f, 0.01f, 5, "sweep speed") \
    X(float, depth_ms, "ms", 2.5f, 0, 10, "sweep depth")

#define AMBIENT_MASTER_PARAMS(X)                                           \
    X(int, polyphony, "", 32, 1, 128,                                      \
      "pad voices sounding at once (a stolen voice fades in 5 ms)")        \
    X(float, gain_db, "dB", 0, -40, 40, "before loudness normalisation")   \
    X(float, loudness, "LUFS", -16, -40, -6, "target integrated loudness") \
    AMBIENT_CEILING(X, true_peak, "the limiter's ceiling")

#define AMBIENT_LIMITER_PARAMS(X)                                            \
    AMBIENT_CEILING(X, ceiling_db, "true-peak ceiling, between samples too") \
    X(float, lookahead_ms, "ms", 5, 1, 20, "how far ahead peaks are seen")   \
    X(float, release_ms, "ms", 150, 10, 2000, "recovery time after a peak")

// What a row makes: a descriptor, a struct member with its default, a binding.
#define AMBIENT_PARAM_DESCRIPTOR(type, member, unit, value, min, max, help) \
    inline constexpr Param member{                                          \
        #member, unit, float(value), float(min), float(max), help, std::is_same_v<type, int>};
#define AMBIENT_PARAM_MEMBER(type, member, unit, value, min, max, help) type member = value;
#define AMBIENT_PARAM_BINDING(type, member, unit, value, min, max, help) \
    {&member, &Settings::member},

// A unit's settings struct from its rows, `extra` members (not in the table) after them;
// its descriptors and their list in namespace NAME_param.
#define AMBIENT_SETTINGS(Struct, name, ROWS, ...)                                 \
    namespace name##_param {                                                      \
        ROWS(AMBIENT_PARAM_DESCRIPTOR)                                            \
    }                                                                             \
    struct Struct {                                                               \
        ROWS(AMBIENT_PARAM_MEMBER)                                                \
        __VA_ARGS__                                                               \
    };                                                                            \
    namespace name##_param {                                                      \
        using Settings = Struct;                                                  \
        inline constexpr ParamOf<Settings> all[] = {ROWS(AMBIENT_PARAM_BINDING)}; \
    }

}  // namespace ambient
