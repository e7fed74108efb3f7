// A patch: every sound parameter of the renderer, with named presets and JSON overrides.
#pragma once

#include <string>
#include <vector>

#include "phrase/phrase.hpp"
#include "synth/oscillator.hpp"
#include "synth/reverb.hpp"
#include "synth/stereo_delay.hpp"

namespace ambient {

struct PadPatch {
    float level_db = -9.0f;
    Waveform waveform = Waveform::saw;
    int unison = 3;             // detuned oscillators per note, 1..4
    float detune_cents = 9.0f;  // spread of the outer oscillators
    float attack = 2.5f, decay = 2.0f, sustain = 0.8f, release = 4.0f;  // seconds / level
    float cutoff = 700.0f;        // low-pass cutoff at intensity 0, Hz
    float cutoff_span = 2600.0f;  // added at intensity 1
    float resonance = 1.1f;       // filter Q
    float lfo_rate = 0.07f;       // cutoff drift, Hz
    float lfo_depth = 0.5f;       // octaves
    float spread = 0.8f;          // stereo width of the unison, 0..1
    float sub_level_db = -15.0f;  // sine an octave under each chord's root (-90: off)
    float reverb_send = 0.7f;
};

struct LeadPatch {
    float level_db = -8.0f;
    float triangle = 0.5f;  // blend: 0 pure FM sine .. 1 triangle
    float fm_ratio = 2.0f, fm_index = 0.7f;
    float attack = 0.25f, decay = 1.2f, sustain = 0.7f, release = 2.5f;
    float vibrato_rate = 4.8f, vibrato_cents = 12.0f, vibrato_delay = 0.8f;
    float glide = 0.05f;     // seconds, between notes that touch
    float cutoff = 3200.0f;  // one-pole low-pass, Hz
    float reverb_send = 0.45f, delay_send = 0.35f;
};

struct PercussionPatch {
    float kick_db = -7.0f, kick_start_hz = 105.0f, kick_end_hz = 44.0f, kick_sweep = 0.07f,
          kick_decay = 0.7f;
    float bell_db = -15.0f, bell_ratio = 3.5f, bell_index = 1.5f, bell_decay = 3.5f;
    float swell_db = -20.0f, swell_q = 1.4f;
    float noise_db = -33.0f, noise_cutoff = 2200.0f, tick_db = -27.0f;
    float reverb_send = 0.5f, delay_send = 0.3f;
};

struct ChorusSettings {
    float mix = 0.0f;    // 0 (off) .. 1
    float rate = 0.25f;  // Hz
    float depth_ms = 2.5f;
};

struct MasterPatch {
    int polyphony = 32;       // pad voices sounding at once (a stolen voice fades in 5 ms)
    float gain_db = 0.0f;     // before loudness normalisation
    float loudness = -16.0f;  // target integrated loudness, LUFS
    float true_peak = -1.0f;  // ceiling, dBTP
};

struct Patch {
    std::string name = "drift";
    PadPatch pad;
    LeadPatch lead;
    PercussionPatch percussion;
    ReverbSettings reverb;
    DelaySettings delay;
    ChorusSettings chorus;
    MasterPatch master;
};

// The built-in presets, by name: "drift" (the default), "glass", "deep".
std::vector<std::string> preset_names();
// Throws std::invalid_argument for an unknown name.
Patch preset(const std::string& name);

// Applies {"pad":{"cutoff":900}, "reverb":{"decay":8}, …} over `base`. Unknown sections or
// parameters and values out of range throw std::invalid_argument naming them.
Patch patch_from_json(const Json& j, Patch base);
// Every parameter, for `ambient-render --print-patch`.
Json patch_to_json(const Patch& p);

}  // namespace ambient
