#include <gtest/gtest.h>

#include <cstring>

#include "core/error.hpp"
#include "core/pcm.hpp"
#include "synth/patch.hpp"

namespace ambient {
namespace {

TEST(Patch, PresetsAreDistinctAndUnknownOnesNamed) {
    auto names = preset_names();
    ASSERT_GE(names.size(), 3u);
    for (std::size_t i = 0; i < names.size(); ++i)
        for (std::size_t k = i + 1; k < names.size(); ++k)
            EXPECT_NE(patch_to_json(preset(names[i])).dump(),
                      patch_to_json(preset(names[k])).dump());
    try {
        preset("loud");
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("drift, glass, deep"), std::string::npos);
        EXPECT_EQ(e.kind(), ErrorKind::usage);
        EXPECT_EQ(e.where().setting, "preset");
    }
}

TEST(Patch, JsonOverridesOnlyWhatItNames) {
    Patch base = preset("glass");
    Patch p = patch_from_json(
        Json::parse(R"({"pad":{"cutoff":900,"waveform":"sine","unison":2},"reverb":{"decay":8}})"),
        base);
    EXPECT_EQ(p.pad.cutoff, 900.0f);
    EXPECT_EQ(p.pad.waveform, Waveform::sine);
    EXPECT_EQ(p.pad.unison, 2);
    EXPECT_EQ(p.reverb.decay, 8.0f);
    EXPECT_EQ(p.lead.fm_ratio, base.lead.fm_ratio);
    // The printed patch reads back as the same patch.
    EXPECT_EQ(patch_to_json(patch_from_json(patch_to_json(p), Patch{})).dump(),
              patch_to_json(p).dump());
}

TEST(Patch, BadValuesAreNamed) {
    auto rejects = [](const char* text, const char* mention) {
        try {
            patch_from_json(Json::parse(text), Patch{});
            ADD_FAILURE() << text;
        } catch (const Error& e) {
            EXPECT_NE(std::string(e.what()).find(mention), std::string::npos) << e.what();
            EXPECT_EQ(e.kind(), ErrorKind::data);
        }
    };
    rejects(R"({"pad":{"cutof":900}})", "unknown parameter pad.cutof");
    rejects(R"({"reverb":{"decay":100}})", "reverb.decay: expected a number from 0.3 to 30");
    rejects(R"({"pad":{"waveform":"noise"}})", "pad.waveform");
    rejects(R"({"pad":{"unison":9}})", "pad.unison");
    rejects(R"({"drums":{}})", "unknown section \"drums\"");
    rejects(R"({"lead":{"glide":"slow"}})", "lead.glide");
}

TEST(Patch, TheTableGivesEveryDefaultAndRange) {
    // A default Patch is the table's defaults, entry by entry, and each default is in range.
    Json printed = patch_to_json(Patch{});
    std::size_t entries = 0;
    for (const PatchParam& p : patch_params()) {
        SCOPED_TRACE(std::string(p.section) + "." + std::string(p.param->key));
        EXPECT_TRUE(p.param->accepts(p.param->value));
        EXPECT_LT(p.param->min, p.param->max);
        EXPECT_FLOAT_EQ(printed[std::string(p.section)][std::string(p.param->key)].get<float>(),
                        p.param->value);
        EXPECT_FALSE(p.param->help.empty());
        // The edges are accepted and just beyond them refused, with the table's words.
        const std::string section(p.section), key(p.param->key);
        auto number = [&](float x) { return p.param->integer ? Json(int(x)) : Json(x); };
        EXPECT_NO_THROW(patch_from_json(Json{{section, {{key, number(p.param->max)}}}}, Patch{}));
        try {
            patch_from_json(Json{{section, {{key, number(p.param->max + 1)}}}}, Patch{});
            ADD_FAILURE() << "accepted over the max";
        } catch (const Error& e) {
            EXPECT_EQ(e.where().field, section + "." + key);
            EXPECT_NE(std::string(e.what()).find(p.param->expectation()), std::string::npos);
        }
        ++entries;
    }
    std::size_t printed_numbers = 0;
    for (auto& [section, values] : printed.items())
        if (values.is_object())
            for (auto& [key, v] : values.items()) printed_numbers += v.is_number();
    EXPECT_EQ(entries, printed_numbers) << "--print-patch shows a parameter the table lacks";
}

TEST(Pcm, FloatRoundTripAndMonoDownmix) {
    std::vector<float> stereo = {0.5f, -0.25f, 1.0f, 1.0f, -1.0f, 0.0f};
    std::string bytes;
    PcmEncoder(PcmFormat{SampleEncoding::f32le, 48000, 2}).encode(stereo.data(), 3, bytes);
    ASSERT_EQ(bytes.size(), 24u);
    std::vector<float> back;
    PcmDecoder(PcmFormat{SampleEncoding::f32le, 48000, 2}).decode(bytes, back);
    EXPECT_EQ(back, stereo);
    bytes.clear();
    PcmEncoder(PcmFormat{SampleEncoding::f32le, 48000, 1}).encode(stereo.data(), 3, bytes);
    back.clear();
    PcmDecoder(PcmFormat{SampleEncoding::f32le, 48000, 1}).decode(bytes, back);
    EXPECT_EQ(back, (std::vector<float>{0.125f, 1.0f, -0.5f}));
}

TEST(Pcm, S16IsDitheredWithinTwoStepsAndDeterministic) {
    // Rounding (half a step) plus triangular dither (one step), and 32767 vs 32768 scaling.
    std::vector<float> stereo(2000);
    for (std::size_t i = 0; i < stereo.size(); ++i) stereo[i] = 0.3f * std::sin(float(i) * 0.01f);
    std::string a, b;
    PcmEncoder(PcmFormat{SampleEncoding::s16le, 48000, 2}, 5).encode(stereo.data(), 1000, a);
    PcmEncoder(PcmFormat{SampleEncoding::s16le, 48000, 2}, 5).encode(stereo.data(), 1000, b);
    EXPECT_EQ(a, b);
    std::vector<float> back;
    PcmDecoder(PcmFormat{SampleEncoding::s16le, 48000, 2}).decode(a, back);
    for (std::size_t i = 0; i < back.size(); ++i) ASSERT_NEAR(back[i], stereo[i], 2.0 / 32768);
}

TEST(Pcm, PartialFramesCarryOver) {
    PcmDecoder d(PcmFormat{SampleEncoding::s16le, 48000, 2});
    std::vector<float> out;
    std::string frame("\x00\x40\x00\xc0", 4);  // 0.5, -0.5
    d.decode(frame.substr(0, 3), out);
    EXPECT_TRUE(out.empty());
    EXPECT_EQ(d.pending_bytes(), 3u);
    d.decode(frame.substr(3), out);
    EXPECT_EQ(out, (std::vector<float>{0.5f, -0.5f}));
    EXPECT_EQ(d.pending_bytes(), 0u);
}

}  // namespace
}  // namespace ambient
