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

AMBIENT_SETTINGS(PadPatch, pad, AMBIENT_PAD_PARAMS, Waveform waveform = Waveform::saw;)
AMBIENT_SETTINGS(LeadPatch, lead, AMBIENT_LEAD_PARAMS)
AMBIENT_SETTINGS(PercussionPatch, percussion, AMBIENT_PERCUSSION_PARAMS)
AMBIENT_SETTINGS(ChorusSettings, chorus, AMBIENT_CHORUS_PARAMS)
AMBIENT_SETTINGS(MasterPatch, master, AMBIENT_MASTER_PARAMS)

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

// The built-in presets, by name (compose/timbres.hpp: names and characters; the first,
// "drift", is the default).
std::vector<std::string> preset_names();
// Throws Error(usage) for an unknown name.
Patch preset(const std::string& name);

// A glide from one patch to another, set up once so that each step of it only computes:
// every parameter that differs glides (frequencies evenly in pitch, everything else, dB
// included, in a line); whole numbers, the waveform and the name turn over half-way.
class PatchMorph {
  public:
    PatchMorph(const Patch& from, const Patch& to);
    PatchMorph(const PatchMorph&) = delete;  // its steps point into its own patch
    PatchMorph& operator=(const PatchMorph&) = delete;

    // The patch `t` (0 to 1) of the way there.
    const Patch& at(float t);
    const Patch& target() const noexcept { return to_; }

  private:
    struct Step {
        float* real;
        int* whole;
        float from, to;
        bool even_in_pitch;
    };
    Patch from_, to_, now_;
    std::vector<Step> steps_;  // into now_
};

// Every numeric parameter of a patch by section, in the order --print-patch gives them.
struct PatchParam {
    std::string_view section;  // "pad", "lead", "percussion", "reverb", "delay", "chorus", "master"
    const Param* param;
};
const std::vector<PatchParam>& patch_params();
// The one choice parameter, pad.waveform: its names, in the order of enum Waveform.
const std::vector<std::string>& waveform_names();
// What `ambient-render --list-params` prints, a line per parameter:
// SECTION.KEY<TAB>DEFAULT<TAB>MIN<TAB>MAX<TAB>UNIT<TAB>HELP (a choice: its choices as HELP).
std::string patch_param_table();

// Applies {"pad":{"cutoff":900}, "reverb":{"decay":8}, …} over `base`. Unknown sections or
// parameters and values out of range throw Error(data) naming them ("reverb.decay").
Patch patch_from_json(const Json& j, Patch base);
// Every parameter, for `ambient-render --print-patch`.
Json patch_to_json(const Patch& p);

}  // namespace ambient
