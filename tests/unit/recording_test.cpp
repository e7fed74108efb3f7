// The history as the station serves it: what played as JSON, a stretch planned from what a
// listener asks (and refused with the reason), and encoded as it renders: WAV with its
// lengths right from the first byte, FLAC and Opus that decode to the stretch.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>

#include "audio/sound_file.hpp"
#include "audio/sound_stream.hpp"
#include "core/error.hpp"
#include "history/recording.hpp"
#include "played_history.hpp"

namespace ambient {
namespace {

using namespace testing_history;
using RecordingTest = PlayedHistory;

std::uint32_t u32_at(const std::string& b, std::size_t at) {
    std::uint32_t v = 0;
    for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(b[at + i]);
    return v;
}

// The bytes of a recording of [from, to) seconds after t0.
std::string recorded(const std::string& db, double from, double to, const std::string& format) {
    HistoryStore store(db);
    RecordingAsk ask{std::nullopt, std::to_string(t0 + from), std::to_string(t0 + to), format};
    const RecordingPlan plan = plan_recording(store, ask, t0 + 100);
    std::string bytes;
    render_recording(plan, [&](const char* b, std::size_t n) {
        bytes.append(b, n);
        return true;
    });
    return bytes;
}

SoundFileData decoded(const std::string& bytes, const fs::path& where) {
    std::ofstream(where, std::ios::binary) << bytes;
    return read_sound_file(where.string());
}

TEST_F(RecordingTest, HistoryJsonSaysWhatPlayedNewestFirst) {
    HistoryStore store(db_);
    const Json j = Json::parse(history_json(store, 0, 10));
    ASSERT_EQ(j["phrases"].size(), 3u);
    const Json& newest = j["phrases"][0];
    EXPECT_GT(newest["time"].get<double>(), j["phrases"][1]["time"].get<double>());
    EXPECT_EQ(newest["mode"], newest["phrase"]["mode"]);
    EXPECT_EQ(newest["key"], newest["phrase"]["key"]);
    EXPECT_FALSE(newest["chords"].empty());
    EXPECT_EQ(newest["phrase"]["seq"], 2);
    EXPECT_EQ(newest["at"].get<std::string>().size(), 19u);  // 2027-01-15T08:00:00
    EXPECT_EQ(Json::parse(history_json(store, 0, 1))["phrases"].size(), 1u);
    EXPECT_TRUE(Json::parse(history_json(store, t0 + 1000, 10))["phrases"].empty());
}

TEST_F(RecordingTest, WavHasItsLengthsFromTheFirstByteAndIsTheMusic) {
    const std::string wav = recorded(db_, 2, 6, "wav");
    const long frames = 4 * 48000;
    ASSERT_EQ(wav.size(), 44u + frames * 6);
    EXPECT_EQ(wav.substr(0, 4), "RIFF");
    EXPECT_EQ(u32_at(wav, 4), wav.size() - 8);
    EXPECT_EQ(u32_at(wav, 40), frames * 6);
    const SoundFileData d = decoded(wav, dir_ / "a.wav");
    ASSERT_EQ(d.samples.size(), 2u * frames);
    // The samples that played from 2 s, within 24-bit rounding.
    double worst = 0;
    for (std::size_t i = 0; i < d.samples.size(); ++i)
        worst = std::max(worst, double(std::fabs(d.samples[i] - played_.audio[2 * 96000 + i])));
    EXPECT_LT(worst, 1e-5);
}

TEST_F(RecordingTest, FlacAndOpusDecodeToTheStretch) {
    for (const char* format : {"flac", "opus"}) {
        const SoundFileData d =
            decoded(recorded(db_, 1, 4, format), dir_ / (std::string("a.") + format));
        EXPECT_EQ(d.rate, 48000) << format;
        const double seconds = double(d.samples.size()) / 2 / d.rate;
        EXPECT_NEAR(seconds, 3.0, 0.03) << format;
        double energy = 0;
        for (float x : d.samples) energy += double(x) * x;
        EXPECT_GT(energy / double(d.samples.size()), 1e-6) << format << ": silent";
    }
}

TEST_F(RecordingTest, AListenerWhoGoesStopsTheRendering) {
    HistoryStore store(db_);
    RecordingAsk ask{"8", std::nullopt, std::nullopt, "wav"};
    const RecordingPlan plan = plan_recording(store, ask, t0 + 9);
    std::size_t got = 0;
    const long frames = render_recording(plan, [&](const char*, std::size_t n) {
        got += n;
        return got < 10000;  // gone after the first pieces
    });
    EXPECT_LT(frames, 48000L) << "it rendered on for nobody";
}

TEST_F(RecordingTest, BadAsksAreRefusedWithTheReason) {
    HistoryStore store(db_);
    auto refused = [&](RecordingAsk ask) -> std::string {
        try {
            plan_recording(store, ask, t0 + 9, 60);
        } catch (const Error& e) {
            return std::string(e.kind() == ErrorKind::usage ? "usage: " : "data: ") + e.what();
        }
        return "accepted";
    };
    EXPECT_NE(refused({"20", {}, {}, "mp4"}).find("usage: unknown format"), std::string::npos);
    EXPECT_NE(refused({"61", {}, {}, {}}).find("longer than 60 s"), std::string::npos);
    EXPECT_NE(refused({"-3", {}, {}, {}}).find("not a number of seconds"), std::string::npos);
    EXPECT_NE(refused({"20", "-5m", {}, {}}).find("not both"), std::string::npos);
    EXPECT_NE(refused({{}, "yesterday", {}, {}}).find("not a time"), std::string::npos);
    EXPECT_NE(refused({{}, std::to_string(t0 - 500), std::to_string(t0 - 490), {}})
                  .find("data: nothing played"),
              std::string::npos);
    EXPECT_EQ(refused({"5", {}, {}, {}}), "accepted");
}

TEST(RecordingName, SaysWhenItWas) {
    const std::string name = recording_filename(1800000000, 1800000060, "flac");
    EXPECT_EQ(name.rfind("ambient-", 0), 0u);
    EXPECT_EQ(name.substr(name.size() - 5), ".flac");
    EXPECT_EQ(name.size(), std::string("ambient-2027-01-15_080000-080100.flac").size()) << name;
}

TEST(SoundStream, AWavCutShortIsMadeUpToItsLength) {
    std::string bytes;
    SoundStreamWriter w("wav", 48000, 2, 1000,
                        [&](const char* b, std::size_t n) { bytes.append(b, n); });
    std::vector<float> half(2 * 500, 0.5f);
    w.write(half.data(), 500);
    w.close();
    EXPECT_EQ(bytes.size(), 44u + 1000 * 6);
    EXPECT_EQ(static_cast<long long>(bytes.size()), SoundStreamWriter::size("wav", 1000, 2));
    EXPECT_EQ(SoundStreamWriter::size("flac", 1000, 2), -1);
    EXPECT_THROW(SoundStreamWriter("mp4", 48000, 2, 0, [](const char*, std::size_t) {}), Error);
}

}  // namespace
}  // namespace ambient
