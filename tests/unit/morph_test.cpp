// Timbres: a patch for every name, blends between two patches, and the engine's morph from
// one to another while notes sound.
#include <gtest/gtest.h>

#include <cmath>

#include "compose/timbres.hpp"
#include "synth/dsp.hpp"
#include "synth/engine.hpp"
#include "synth/patch.hpp"

namespace ambient {
namespace {

TEST(Timbres, EveryNameHasItsOwnPatch) {
    std::vector<std::string> seen;
    for (const Timbre& t : timbres()) {
        Patch p = preset(std::string(t.name));
        EXPECT_EQ(p.name, t.name);
        std::string sound = patch_to_json(p).dump();
        for (const std::string& other : seen) EXPECT_NE(sound, other) << t.name;
        seen.push_back(sound);
    }
    EXPECT_EQ(preset_names(), timbre_names());
}

TEST(Timbres, BlendsGlideEveryParameter) {
    Patch a = preset("drift"), b = preset("glass");
    PatchMorph morph(a, b);
    EXPECT_EQ(patch_to_json(morph.at(0.0f)), patch_to_json(a));
    EXPECT_EQ(patch_to_json(morph.at(1.0f)), patch_to_json(b));
    EXPECT_EQ(patch_to_json(morph.at(0.0f)), patch_to_json(a)) << "and back";
    Patch mid = morph.at(0.5f);
    EXPECT_NEAR(mid.pad.cutoff, std::sqrt(a.pad.cutoff * b.pad.cutoff), 0.5f)
        << "frequencies glide evenly in pitch";
    EXPECT_NEAR(mid.reverb.decay, 0.5f * (a.reverb.decay + b.reverb.decay), 1e-4f);
    EXPECT_EQ(morph.at(0.4f).pad.waveform, a.pad.waveform);
    EXPECT_EQ(morph.at(0.4f).pad.unison, a.pad.unison);
    EXPECT_EQ(morph.at(0.6f).pad.waveform, b.pad.waveform) << "turns over half-way";
    EXPECT_EQ(morph.at(0.6f).pad.unison, b.pad.unison);
    EXPECT_EQ(morph.at(0.6f).name, "glass");
}

// RMS of each 20 ms window.
std::vector<double> window_rms(const std::vector<float>& l, int rate) {
    std::vector<double> out;
    const std::size_t w = static_cast<std::size_t>(rate / 50);
    for (std::size_t i = 0; i + w <= l.size(); i += w) {
        double sum = 0;
        for (std::size_t k = i; k < i + w; ++k) sum += double(l[k]) * l[k];
        out.push_back(std::sqrt(sum / double(w)));
    }
    return out;
}

TEST(Timbres, MorphKeepsNotesSoundingWithoutAClick) {
    dsp::DenormalGuard guard;
    const int rate = 48000;
    for (const char* to : {"glass", "keys", "choir", "haze"}) {
        SCOPED_TRACE(to);
        Engine engine(float(rate), preset("drift"), 1);
        Phrase p;
        p.bpm = 60;
        ChordEvent c;
        c.beats = 32;
        c.pitches = {57, 60, 64};
        c.root = 57;
        p.chords = {c};
        engine.schedule(p, 0);
        std::vector<float> left, right;
        auto run = [&](double seconds) {
            std::vector<float> l(512), r(512);
            for (int n = 0; n < int(seconds * rate / 512); ++n) {
                engine.render(l.data(), r.data(), 512);
                left.insert(left.end(), l.begin(), l.end());
                right.insert(right.end(), r.begin(), r.end());
            }
        };
        run(6.0);  // the pad swells in
        const std::size_t before = left.size();
        engine.morph_to(preset(to), 4.0);
        run(5.0);
        EXPECT_EQ(patch_to_json(engine.patch()), patch_to_json(preset(to)));
        EXPECT_GT(engine.sounding_voices(), 0) << "the chord still sounds";
        EXPECT_EQ(engine.target_patch().name, to);

        double step_before = 0, step_during = 0;
        for (std::size_t i = 1; i < left.size(); ++i) {
            ASSERT_TRUE(std::isfinite(left[i]) && std::isfinite(right[i]));
            double s = std::fabs(left[i] - left[i - 1]);
            (i < before ? step_before : step_during) =
                std::max(i < before ? step_before : step_during, s);
        }
        EXPECT_LT(step_during, std::max(0.05, 3.0 * step_before)) << "no click";
        std::vector<double> rms = window_rms(left, rate);
        const std::size_t at = before / std::size_t(rate / 50);
        double level = rms[at - 1];
        for (std::size_t i = at; i < rms.size(); ++i)
            EXPECT_GT(rms[i], 0.2 * level) << "no drop-out at " << double(i) / 50 << " s";
    }
}

}  // namespace
}  // namespace ambient
