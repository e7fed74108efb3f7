// A patch: every sound parameter of the renderer, with named presets and JSON overrides.
#pragma once

#include <string>
#include <vector>

#include "phrase/phrase.hpp"
#include "synth/limiter.hpp"
#include "synth/oscillator.hpp"
#include "synth/params.hpp"
#include "synth/reverb.hpp"
#include "synth/stereo_delay.hpp"

namespace ambient {

// Levels in dB and send amounts share their ranges across sections.
constexpr Param level_param(std::string_view key, float value, std::string_view help) {
    return {key, "dB", value, -90.0f, 12.0f, help};
}
constexpr Param send_param(std::string_view key, float value, std::string_view help) {
    return {key, "", value, 0.0f, 1.0f, help};
}

namespace pad_param {
inline constexpr Param level_db = level_param("level_db", -9.0f, "pad level");
inline constexpr Param unison{"unison", "", 3, 1, 4, "detuned oscillators per note", true};
inline constexpr Param detune_cents{"detune_cents", "cents", 9.0f,
                                    0.0f,           50.0f,   "spread of the outer oscillators"};
inline constexpr Param attack = envelope_param::attack(2.5f);
inline constexpr Param decay = envelope_param::decay(2.0f);
inline constexpr Param sustain = envelope_param::sustain(0.8f);
inline constexpr Param release = envelope_param::release(4.0f);
inline constexpr Param cutoff{"cutoff", "Hz",     700.0f,
                              20.0f,    20000.0f, "low-pass cutoff at intensity 0"};
inline constexpr Param cutoff_span{"cutoff_span", "Hz",     2600.0f,
                                   0.0f,          20000.0f, "added to the cutoff at intensity 1"};
inline constexpr Param resonance{"resonance", "", 1.1f, 0.5f, 10.0f, "filter Q"};
inline constexpr Param lfo_rate{"lfo_rate", "Hz",  0.07f,
                                0.0f,       10.0f, "speed of the cutoff's drift"};
inline constexpr Param lfo_depth{"lfo_depth", "octaves", 0.5f, 0.0f, 4.0f, "depth of the drift"};
inline constexpr Param spread = send_param("spread", 0.8f, "stereo width of the unison");
inline constexpr Param sub_level_db =
    level_param("sub_level_db", -15.0f, "sine an octave under each chord's root (-90: off)");
inline constexpr Param reverb_send = send_param("reverb_send", 0.7f, "share sent to the reverb");
}  // namespace pad_param

struct PadPatch {
    float level_db = pad_param::level_db.value;
    Waveform waveform = Waveform::saw;
    int unison = static_cast<int>(pad_param::unison.value);
    float detune_cents = pad_param::detune_cents.value;
    float attack = pad_param::attack.value, decay = pad_param::decay.value,
          sustain = pad_param::sustain.value, release = pad_param::release.value;
    float cutoff = pad_param::cutoff.value;
    float cutoff_span = pad_param::cutoff_span.value;
    float resonance = pad_param::resonance.value;
    float lfo_rate = pad_param::lfo_rate.value;
    float lfo_depth = pad_param::lfo_depth.value;
    float spread = pad_param::spread.value;
    float sub_level_db = pad_param::sub_level_db.value;
    float reverb_send = pad_param::reverb_send.value;
};

inline constexpr std::array<ParamOf<PadPatch>, 15> pad_params = {{
    {&pad_param::level_db, &PadPatch::level_db},
    {&pad_param::unison, nullptr, &PadPatch::unison},
    {&pad_param::detune_cents, &PadPatch::detune_cents},
    {&pad_param::attack, &PadPatch::attack},
    {&pad_param::decay, &PadPatch::decay},
    {&pad_param::sustain, &PadPatch::sustain},
    {&pad_param::release, &PadPatch::release},
    {&pad_param::cutoff, &PadPatch::cutoff},
    {&pad_param::cutoff_span, &PadPatch::cutoff_span},
    {&pad_param::resonance, &PadPatch::resonance},
    {&pad_param::lfo_rate, &PadPatch::lfo_rate},
    {&pad_param::lfo_depth, &PadPatch::lfo_depth},
    {&pad_param::spread, &PadPatch::spread},
    {&pad_param::sub_level_db, &PadPatch::sub_level_db},
    {&pad_param::reverb_send, &PadPatch::reverb_send},
}};

namespace lead_param {
inline constexpr Param level_db = level_param("level_db", -8.0f, "lead level");
inline constexpr Param triangle{"triangle", "", 0.5f, 0.0f, 1.0f, "0 pure FM sine to 1 triangle"};
inline constexpr Param fm_ratio{"fm_ratio", "",    2.0f,
                                0.25f,      16.0f, "modulator to carrier frequency"};
inline constexpr Param fm_index{"fm_index", "", 0.7f, 0.0f, 10.0f, "depth of the FM: brightness"};
inline constexpr Param attack = envelope_param::attack(0.25f);
inline constexpr Param decay = envelope_param::decay(1.2f);
inline constexpr Param sustain = envelope_param::sustain(0.7f);
inline constexpr Param release = envelope_param::release(2.5f);
inline constexpr Param vibrato_rate{"vibrato_rate", "Hz", 4.8f, 0.0f, 20.0f, "vibrato speed"};
inline constexpr Param vibrato_cents{"vibrato_cents", "cents",        12.0f, 0.0f,
                                     100.0f,          "vibrato depth"};
inline constexpr Param vibrato_delay{
    "vibrato_delay", "s", 0.8f, 0.0f, 10.0f, "time into a note before the vibrato comes in"};
inline constexpr Param glide{"glide", "s",  0.05f,
                             0.0f,    2.0f, "pitch glide between notes that touch"};
inline constexpr Param cutoff{"cutoff", "Hz", 3200.0f, 100.0f, 20000.0f, "one-pole low-pass"};
inline constexpr Param reverb_send = send_param("reverb_send", 0.45f, "share sent to the reverb");
inline constexpr Param delay_send = send_param("delay_send", 0.35f, "share sent to the delay");
}  // namespace lead_param

struct LeadPatch {
    float level_db = lead_param::level_db.value;
    float triangle = lead_param::triangle.value;
    float fm_ratio = lead_param::fm_ratio.value, fm_index = lead_param::fm_index.value;
    float attack = lead_param::attack.value, decay = lead_param::decay.value,
          sustain = lead_param::sustain.value, release = lead_param::release.value;
    float vibrato_rate = lead_param::vibrato_rate.value,
          vibrato_cents = lead_param::vibrato_cents.value,
          vibrato_delay = lead_param::vibrato_delay.value;
    float glide = lead_param::glide.value;
    float cutoff = lead_param::cutoff.value;
    float reverb_send = lead_param::reverb_send.value, delay_send = lead_param::delay_send.value;
};

inline constexpr std::array<ParamOf<LeadPatch>, 15> lead_params = {{
    {&lead_param::level_db, &LeadPatch::level_db},
    {&lead_param::triangle, &LeadPatch::triangle},
    {&lead_param::fm_ratio, &LeadPatch::fm_ratio},
    {&lead_param::fm_index, &LeadPatch::fm_index},
    {&lead_param::attack, &LeadPatch::attack},
    {&lead_param::decay, &LeadPatch::decay},
    {&lead_param::sustain, &LeadPatch::sustain},
    {&lead_param::release, &LeadPatch::release},
    {&lead_param::vibrato_rate, &LeadPatch::vibrato_rate},
    {&lead_param::vibrato_cents, &LeadPatch::vibrato_cents},
    {&lead_param::vibrato_delay, &LeadPatch::vibrato_delay},
    {&lead_param::glide, &LeadPatch::glide},
    {&lead_param::cutoff, &LeadPatch::cutoff},
    {&lead_param::reverb_send, &LeadPatch::reverb_send},
    {&lead_param::delay_send, &LeadPatch::delay_send},
}};

namespace percussion_param {
inline constexpr Param kick_db = level_param("kick_db", -7.0f, "kick level");
inline constexpr Param kick_start_hz{"kick_start_hz", "Hz",    105.0f,
                                     20.0f,           1000.0f, "kick pitch at the hit"};
inline constexpr Param kick_end_hz{"kick_end_hz", "Hz",    44.0f,
                                   20.0f,         1000.0f, "kick pitch it falls to"};
inline constexpr Param kick_sweep{"kick_sweep", "s", 0.07f, 0.001f, 2.0f, "time of the fall"};
inline constexpr Param kick_decay{"kick_decay", "s", 0.7f, 0.01f, 5.0f, "kick length"};
inline constexpr Param bell_db = level_param("bell_db", -15.0f, "bell level");
inline constexpr Param bell_ratio{"bell_ratio", "", 3.5f, 0.25f, 16.0f, "bell FM ratio"};
inline constexpr Param bell_index{"bell_index", "", 1.5f, 0.0f, 10.0f, "bell FM depth"};
inline constexpr Param bell_decay{"bell_decay", "s", 3.5f, 0.05f, 20.0f, "bell ring time"};
inline constexpr Param swell_db = level_param("swell_db", -20.0f, "noise swell level");
inline constexpr Param swell_q{"swell_q", "", 1.4f, 0.5f, 10.0f, "resonance of the swell's sweep"};
inline constexpr Param noise_db = level_param("noise_db", -33.0f, "noise bed level");
inline constexpr Param noise_cutoff{"noise_cutoff", "Hz",     2200.0f,
                                    20.0f,          20000.0f, "noise bed low-pass"};
inline constexpr Param tick_db = level_param("tick_db", -27.0f, "noise tick level");
inline constexpr Param reverb_send = send_param("reverb_send", 0.5f, "share sent to the reverb");
inline constexpr Param delay_send = send_param("delay_send", 0.3f, "share sent to the delay");
}  // namespace percussion_param

struct PercussionPatch {
    float kick_db = percussion_param::kick_db.value,
          kick_start_hz = percussion_param::kick_start_hz.value,
          kick_end_hz = percussion_param::kick_end_hz.value,
          kick_sweep = percussion_param::kick_sweep.value,
          kick_decay = percussion_param::kick_decay.value;
    float bell_db = percussion_param::bell_db.value,
          bell_ratio = percussion_param::bell_ratio.value,
          bell_index = percussion_param::bell_index.value,
          bell_decay = percussion_param::bell_decay.value;
    float swell_db = percussion_param::swell_db.value, swell_q = percussion_param::swell_q.value;
    float noise_db = percussion_param::noise_db.value,
          noise_cutoff = percussion_param::noise_cutoff.value,
          tick_db = percussion_param::tick_db.value;
    float reverb_send = percussion_param::reverb_send.value,
          delay_send = percussion_param::delay_send.value;
};

inline constexpr std::array<ParamOf<PercussionPatch>, 16> percussion_params = {{
    {&percussion_param::kick_db, &PercussionPatch::kick_db},
    {&percussion_param::kick_start_hz, &PercussionPatch::kick_start_hz},
    {&percussion_param::kick_end_hz, &PercussionPatch::kick_end_hz},
    {&percussion_param::kick_sweep, &PercussionPatch::kick_sweep},
    {&percussion_param::kick_decay, &PercussionPatch::kick_decay},
    {&percussion_param::bell_db, &PercussionPatch::bell_db},
    {&percussion_param::bell_ratio, &PercussionPatch::bell_ratio},
    {&percussion_param::bell_index, &PercussionPatch::bell_index},
    {&percussion_param::bell_decay, &PercussionPatch::bell_decay},
    {&percussion_param::swell_db, &PercussionPatch::swell_db},
    {&percussion_param::swell_q, &PercussionPatch::swell_q},
    {&percussion_param::noise_db, &PercussionPatch::noise_db},
    {&percussion_param::noise_cutoff, &PercussionPatch::noise_cutoff},
    {&percussion_param::tick_db, &PercussionPatch::tick_db},
    {&percussion_param::reverb_send, &PercussionPatch::reverb_send},
    {&percussion_param::delay_send, &PercussionPatch::delay_send},
}};

namespace chorus_param {
inline constexpr Param mix{"mix", "", 0.0f, 0.0f, 1.0f, "chorus share (0: off)"};
inline constexpr Param rate{"rate", "Hz", 0.25f, 0.01f, 5.0f, "sweep speed"};
inline constexpr Param depth_ms{"depth_ms", "ms", 2.5f, 0.0f, 10.0f, "sweep depth"};
}  // namespace chorus_param

struct ChorusSettings {
    float mix = chorus_param::mix.value;
    float rate = chorus_param::rate.value;
    float depth_ms = chorus_param::depth_ms.value;
};

inline constexpr std::array<ParamOf<ChorusSettings>, 3> chorus_params = {{
    {&chorus_param::mix, &ChorusSettings::mix},
    {&chorus_param::rate, &ChorusSettings::rate},
    {&chorus_param::depth_ms, &ChorusSettings::depth_ms},
}};

namespace master_param {
inline constexpr Param polyphony{
    "polyphony", "", 32, 1, 128, "pad voices sounding at once (a stolen voice fades in 5 ms)",
    true};
inline constexpr Param gain_db{"gain_db", "dB",  0.0f,
                               -40.0f,    40.0f, "before loudness normalisation"};
inline constexpr Param loudness{"loudness", "LUFS", -16.0f,
                                -40.0f,     -6.0f,  "target integrated loudness"};
inline constexpr Param true_peak{"true_peak",
                                 "dBTP",
                                 limiter_param::ceiling_db.value,
                                 limiter_param::ceiling_db.min,
                                 limiter_param::ceiling_db.max,
                                 "the limiter's ceiling"};
}  // namespace master_param

struct MasterPatch {
    int polyphony = static_cast<int>(master_param::polyphony.value);
    float gain_db = master_param::gain_db.value;
    float loudness = master_param::loudness.value;
    float true_peak = master_param::true_peak.value;
};

inline constexpr std::array<ParamOf<MasterPatch>, 4> master_params = {{
    {&master_param::polyphony, nullptr, &MasterPatch::polyphony},
    {&master_param::gain_db, &MasterPatch::gain_db},
    {&master_param::loudness, &MasterPatch::loudness},
    {&master_param::true_peak, &MasterPatch::true_peak},
}};

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
// Throws Error(usage) for an unknown name.
Patch preset(const std::string& name);

// Every numeric parameter of a patch by section, in the order --print-patch gives them.
struct PatchParam {
    std::string_view section;  // "pad", "lead", "percussion", "reverb", "delay", "chorus", "master"
    const Param* param;
};
const std::vector<PatchParam>& patch_params();
// The one choice parameter, pad.waveform: its names.
const std::vector<std::string>& waveform_names();

// Applies {"pad":{"cutoff":900}, "reverb":{"decay":8}, …} over `base`. Unknown sections or
// parameters and values out of range throw Error(data) naming them ("reverb.decay").
Patch patch_from_json(const Json& j, Patch base);
// Every parameter, for `ambient-render --print-patch`.
Json patch_to_json(const Patch& p);

}  // namespace ambient
