// The whole renderer over many seeds and every preset: properties of what comes out.
#include "audio/performance.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "audio/loudness.hpp"
#include "audio/playing.hpp"
#include "audio/renderer.hpp"
#include "compose/control.hpp"
#include "compose/melody.hpp"
#include "compose/percussion.hpp"
#include "compose/pitch.hpp"
#include "compose_piece.hpp"
#include "synth/dsp.hpp"
#include "synth/engine.hpp"
#include "synth/upsampler.hpp"

namespace ambient {
namespace {

std::vector<Phrase> compose(std::uint64_t seed, int count, double bpm = 96.0, int bars = 4) {
    ChordSettings cs;
    cs.bpm = bpm;
    cs.bars = bars;
    cs.intensity = 0.3 + 0.2 * double(seed % 4);
    return compose_piece(cs, seed, count);
}

std::vector<float> render(const std::vector<Phrase>& phrases, const PerformanceSettings& s) {
    std::size_t next = 0;
    Performance perf(s, [&]() -> std::optional<Phrase> {
        if (next >= phrases.size()) return std::nullopt;
        return phrases[next++];
    });
    std::vector<float> out, block(2 * Performance::block);
    while (int n = perf.render(block.data(), Performance::block))
        out.insert(out.end(), block.begin(), block.begin() + 2 * n);
    return out;
}

TEST(Performance, PropertiesOverSeedsAndPresets) {
    dsp::DenormalGuard guard;
    for (const std::string& name : preset_names())
        for (std::uint64_t seed = 1; seed <= 2; ++seed) {
            SCOPED_TRACE(name + " seed " + std::to_string(seed));
            auto phrases = compose(seed, 2);
            PerformanceSettings s;
            s.patch = preset(name);
            s.seed = seed;
            s.gain_db = float(normalise(phrases, s).gain_db);
            std::vector<float> out = render(phrases, s);

            double music = 0;
            for (const Phrase& p : phrases) music += p.total_beats() * 60.0 / p.bpm;
            std::size_t frames = out.size() / 2;
            EXPECT_GE(frames, std::size_t(music * 48000));
            EXPECT_LT(frames, std::size_t((music + 20.0) * 48000)) << "the tail ends";

            long nonfinite = 0;
            double peak = 0, sum = 0;
            for (float x : out) {
                nonfinite += !std::isfinite(x);
                peak = std::max(peak, double(std::fabs(x)));
                sum += x;
            }
            EXPECT_EQ(nonfinite, 0);
            EXPECT_LE(dsp::gain_to_db(float(peak)), -1.0f);
            EXPECT_LT(std::fabs(sum / double(out.size())), 1e-3) << "DC offset";

            LoudnessMeter m(48000, 2, true);
            m.add(out.data(), frames);
            EXPECT_NEAR(m.integrated(), -16.0, 1.0);
            EXPECT_LE(m.true_peak_db(), -1.0);

            // The last 200 ms are below -60 dBFS: the tail was drained, not cut.
            double end_peak = 0;
            for (std::size_t i = out.size() - 2 * 9600; i < out.size(); ++i)
                end_peak = std::max(end_peak, double(std::fabs(out[i])));
            EXPECT_LT(end_peak, 0.001);

            // Around the phrase boundary the signal moves no more sharply than elsewhere.
            std::size_t boundary =
                std::size_t(phrases[0].total_beats() * 60.0 / phrases[0].bpm * 48000);
            std::size_t window = 480;
            double step_near = 0, step_elsewhere = 0;
            for (std::size_t f = 1; f < frames; ++f)
                for (int c = 0; c < 2; ++c) {
                    double step = std::fabs(out[2 * f + c] - out[2 * (f - 1) + c]);
                    bool near = f + window > boundary && f < boundary + window;
                    (near ? step_near : step_elsewhere) =
                        std::max(near ? step_near : step_elsewhere, step);
                }
            EXPECT_LE(step_near, step_elsewhere) << "a click at the phrase boundary";
        }
}

TEST(Performance, SamePhrasesAndSeedGiveIdenticalSamples) {
    auto phrases = compose(9, 2);
    PerformanceSettings s;
    auto a = render(phrases, s), b = render(phrases, s);
    EXPECT_EQ(a, b);
    s.seed = 10;
    EXPECT_NE(render(phrases, s), a);
}

// A listener's key change: the phrases composed before it sound (and are shown) in the new
// key; the first composed after it, in whatever key its head chose, ends the transposition.
TEST(Performance, AKeyChangeHoldsUntilThePhrasesCatchUp) {
    auto phrases = compose(4, 3, 120.0, 2);
    for (Phrase& p : phrases) p.control_version = 0;
    phrases[2].control_version = 1;  // composed after the change, by a journey, in E
    phrases[2].key = "E";
    PerformanceSettings s;
    std::vector<Json> lines;
    s.on_playing = [&](const std::string& line) { lines.push_back(Json::parse(line)); };
    std::size_t next = 0;
    Performance perf(s, [&]() -> std::optional<Phrase> {
        if (next >= phrases.size()) return std::nullopt;
        return phrases[next++];
    });
    std::vector<float> block(2 * Performance::block);
    for (int i = 0; i < 50; ++i) perf.render(block.data(), Performance::block);
    ControlValues change;
    change.version = 1;
    change.key = "D";
    perf.apply_control(change);
    std::vector<std::string> keys;
    while (perf.render(block.data(), Performance::block) > 0) {
    }
    for (const Json& l : lines)
        if (keys.empty() || keys.back() != l["key"]) keys.push_back(l["key"]);
    EXPECT_EQ(keys, (std::vector<std::string>{"A", "D", "E"}))
        << "the first phrase turns to D, the second is heard in D, the third is E";
}

TEST(Performance, NoPhrasesNoOutput) {
    const PerformanceSettings defaults;
    EXPECT_TRUE(render({}, defaults).empty());
}

TEST(Performance, TempoComesFromEachPhrase) {
    // One phrase at 60 bpm and one at 120: 8 s + 4 s of music (2 bars of 4/4 each).
    auto slow = compose(3, 1, 60.0, 2), fast = compose(4, 1, 120.0, 2);
    std::vector<Phrase> both = {slow[0], fast[0]};
    both[1].seq = 1;
    PerformanceSettings s;
    std::size_t one = render(slow, s).size() / 2, two = render(both, s).size() / 2;
    EXPECT_GE(one, std::size_t(8 * 48000));
    EXPECT_GE(two, std::size_t(12 * 48000));
}

}  // namespace
}  // namespace ambient

namespace ambient {
namespace {

// Pads as single sines through an open filter, no sub, reverb or delay: a cut voice
// would stand out, and pitches can be counted.
Patch plain_sine_pads() {
    Patch patch;
    patch.pad.attack = 0.01f;
    patch.pad.sub_level_db = -90.0f;
    patch.pad.waveform = Waveform::sine;
    patch.pad.unison = 1;
    patch.pad.cutoff = 20000.0f;
    patch.pad.cutoff_span = 0.0f;
    patch.pad.lfo_depth = 0.0f;
    patch.pad.resonance = 0.7f;
    patch.reverb.mix = 0.0f;
    patch.delay.mix = 0.0f;
    return patch;
}

// Four notes (and the sub) at full level, then four more on top at one second.
std::vector<float> overlapping_chords(int polyphony, int& most_voices, int& voices_at_end) {
    Patch patch = plain_sine_pads();
    patch.master.polyphony = polyphony;
    Engine engine(48000.0f, patch, 1);
    Phrase p;
    p.bpm = 120;
    p.bars = 2;
    p.chords.push_back(ChordEvent{0, 0.0, 8.0, "I", "", 48, {48, 52, 55, 60}, Json::object()});
    p.chords.push_back(ChordEvent{0, 2.0, 6.0, "IV", "", 53, {65, 69, 72, 77}, Json::object()});
    engine.schedule(p, 0.0);
    std::vector<float> l(64), r(64), out;
    most_voices = 0;
    for (int block = 0; block < 48000 * 2 / 64; ++block) {
        engine.render(l.data(), r.data(), 64);
        most_voices = std::max(most_voices, engine.sounding_voices());
        out.insert(out.end(), l.begin(), l.end());
    }
    voices_at_end = engine.sounding_voices();
    return out;
}

float biggest_step(const std::vector<float>& x, std::size_t from, std::size_t to) {
    float big = 0.0f;
    for (std::size_t i = from; i < to; ++i) big = std::max(big, std::fabs(x[i] - x[i - 1]));
    return big;
}

TEST(Engine, PolyphonyLimitStealsWithAFadeNotAClick) {
    int most = 0, at_end = 0, free_most = 0, free_end = 0;
    auto limited = overlapping_chords(4, most, at_end);
    auto unlimited = overlapping_chords(32, free_most, free_end);
    EXPECT_LE(most, 4 + 8) << "the limit, plus voices fading out after being stolen";
    EXPECT_LE(at_end, 4);
    EXPECT_EQ(free_end, 10) << "eight notes and two subs";
    // Where the loud voices are stolen, the signal moves no more sharply than where all of
    // them keep sounding (a cut voice would jump by its whole amplitude).
    float stealing = biggest_step(limited, 48000, 48960),
          keeping = biggest_step(unlimited, 48000, 48960);
    EXPECT_LE(stealing, 1.2f * keeping) << stealing << " stealing, " << keeping << " keeping";
}

}  // namespace
}  // namespace ambient

namespace ambient {
namespace {

// Rising zero crossings per second of `x` over [from, to).
double crossings_per_second(const std::vector<float>& x, std::size_t from, std::size_t to) {
    int n = 0;
    for (std::size_t i = from + 1; i < to; ++i) n += x[i - 1] < 0.0f && x[i] >= 0.0f;
    return n * 48000.0 / double(to - from);
}

TEST(LiveControl, KeyChangeMovesTheSoundingChordTheNearerWay) {
    Patch patch = plain_sine_pads();
    patch.pad.release = 0.01f;  // the transposed note alone after a moment
    Engine engine(48000.0f, patch, 1);
    Phrase p;
    p.key = "A";
    p.bpm = 60;
    p.bars = 2;
    p.chords.push_back(ChordEvent{0, 0.0, 8.0, "i", "", 33, {57}, Json::object()});  // A3, 220 Hz
    engine.schedule(p, 0.0);
    std::vector<float> l(64), r(64), out;
    auto play = [&](double seconds) {
        for (int b = 0; b < int(seconds * 48000 / 64); ++b) {
            engine.render(l.data(), r.data(), 64);
            out.insert(out.end(), l.begin(), l.end());
        }
    };
    play(1.0);
    EXPECT_NEAR(crossings_per_second(out, 24000, 48000), 220.0, 3.0);
    engine.set_key(parse_pitch_class("C"));  // up a minor third: C4, 261.6 Hz
    EXPECT_EQ(engine.transposition(), 3);
    play(1.0);
    EXPECT_NEAR(crossings_per_second(out, 72000, 96000), 261.6, 3.0);
    engine.set_key(parse_pitch_class("E"));  // E is a fifth up or a fourth down: down, 164.8 Hz
    EXPECT_EQ(engine.transposition(), -5);
    play(1.0);
    EXPECT_NEAR(crossings_per_second(out, 120000, 144000), 164.8, 3.0);
    engine.set_key(std::nullopt);
    EXPECT_EQ(engine.transposition(), 0);
}

TEST(LiveControl, TempoChangeStretchesWhatIsStillToPlay) {
    // Two phrases of 2 bars at 60 bpm: 16 s of music. Doubled to 120 bpm after the first
    // block: 8 s.
    auto phrases = compose(5, 2, 60.0, 2);
    phrases[1].seq = 1;
    PerformanceSettings s;
    s.max_tail_seconds = 2.0f;
    auto length = [&](std::optional<double> bpm) {
        std::size_t next = 0;
        Performance perf(s, [&]() -> std::optional<Phrase> {
            if (next >= phrases.size()) return std::nullopt;
            return phrases[next++];
        });
        std::vector<float> block(2 * Performance::block);
        std::size_t frames = perf.render(block.data(), Performance::block);
        ControlValues v;
        v.bpm = bpm;
        perf.apply_control(v);
        while (int n = perf.render(block.data(), Performance::block)) frames += std::size_t(n);
        return double(frames) / 48000.0;
    };
    double plain = length(std::nullopt), doubled = length(120.0);
    EXPECT_NEAR(plain - doubled, 8.0, 0.5) << plain << " s against " << doubled << " s";
}

}  // namespace
}  // namespace ambient

namespace ambient {
namespace {

TEST(PlayingTracker, LinesFollowChordsControlAndTempo) {
    PlayingTracker t;
    Phrase p;
    p.seq = 4;
    p.key = "A";
    p.bpm = 60;
    p.chords.push_back(ChordEvent{0, 0.0, 4.0, "i", "", 45, {57}, Json::object()});
    p.chords.push_back(ChordEvent{1, 4.0, 4.0, "iv", "add9", 50, {62}, Json::object()});
    ControlValues early;
    early.version = 1;
    t.control(early, 0);  // before anything plays: no line of its own
    t.phrase(p, 0.0, 48000.0);
    auto lines = t.due(0, 0);
    ASSERT_EQ(lines.size(), 1u);
    auto first = Json::parse(lines[0]);
    EXPECT_EQ(first["chord"], "i");
    EXPECT_EQ(first["phrase"], 4);
    EXPECT_EQ(first["control_version"], 1);

    ControlValues v;
    v.version = 2;
    v.key = "C";
    v.bpm = 120;
    t.control(v, 1000);
    t.stretch(1000, 0.5);  // the second chord, due at 192000, now comes at 1000 + 95500
    lines = t.due(96499, 500);
    ASSERT_EQ(lines.size(), 1u);  // the control change only
    auto changed = Json::parse(lines[0]);
    EXPECT_EQ(changed["sample"], 500);  // moved by the output offset
    EXPECT_EQ(changed["chord"], "i");   // the chord goes on
    EXPECT_EQ(changed["key"], "C");
    EXPECT_EQ(changed["bpm"], 120);
    lines = t.due(96500, 500);
    ASSERT_EQ(lines.size(), 1u);
    auto next_chord = Json::parse(lines[0]);
    EXPECT_EQ(next_chord["chord"], "ivadd9");
    // Scheduled before the change, it is heard transposed and stretched: it says so, not
    // what it was composed with (the page once went back to "in A · 60 bpm" here).
    EXPECT_EQ(next_chord["key"], "C");
    EXPECT_EQ(next_chord["bpm"], 120);
    EXPECT_TRUE(t.due(1000000, 0).empty());

    // A phrase of a journey: its scene, timbre and the conductor's status; a phrase composed
    // after the change carries its own values, which show.
    Phrase q = p;
    q.seq = 5;
    q.bpm = 66;
    q.scene = "dawn";
    q.preset = "glass";
    q.extra["journey"] = {{"journey", "day"}, {"scene", "dawn"}, {"next", "morning"}};
    t.phrase(q, 2000000.0, 48000.0);
    lines = t.due(2000000, 0);
    ASSERT_EQ(lines.size(), 1u);
    auto journey = Json::parse(lines[0]);
    EXPECT_EQ(journey["scene"], "dawn");
    EXPECT_EQ(journey["preset"], "glass");
    EXPECT_EQ(journey["journey"]["next"], "morning");
    EXPECT_EQ(journey["bpm"], 66);
    EXPECT_EQ(journey["key"], "A");
}

}  // namespace
}  // namespace ambient

namespace ambient {
namespace {

// The engine's output over `seconds` of a piece, in blocks of 99 frames (not the engine's
// block, and odd: the pads' half-rate frames come in twos, one often left for the next).
std::vector<float> engine_left(Engine& engine, const std::vector<Phrase>& phrases, double seconds) {
    double start = 0.0;
    for (const Phrase& p : phrases) {
        engine.schedule(p, start);
        start += engine.phrase_samples(p);
    }
    std::vector<float> l(99), r(99), out;
    for (int b = 0; b < int(seconds * 48000 / 99); ++b) {
        engine.render(l.data(), r.data(), 99);
        out.insert(out.end(), l.begin(), l.end());
    }
    return out;
}

Patch dry_pads() {
    Patch patch;
    patch.reverb.mix = 0.0f;
    patch.delay.mix = 0.0f;
    patch.lead.level_db = -90.0f;
    patch.percussion.reverb_send = 0.0f;
    return patch;
}

// Pads worked at half the rate are the pads at the full rate, a little later: the same
// waveform (each oscillator's phase follows the run's clock at either rate), delayed by
// the upsampler (a third of a millisecond).
TEST(Engine, PadsAtHalfTheRateAreTheSameWaveformALittleLater) {
    std::vector<Phrase> phrases = compose(3, 2, 80.0);
    for (Phrase& p : phrases) p.melody.clear(), p.percussion.clear();
    Engine half(48000.0f, dry_pads(), 3), full(48000.0f, dry_pads(), 3);
    ASSERT_TRUE(half.pads_at_half_rate()) << "the default patch's pads stay under 9.6 kHz";
    full.keep_pads_at_full_rate();
    ASSERT_FALSE(full.pads_at_half_rate());
    const auto a = engine_left(half, phrases, 10.0), b = engine_left(full, phrases, 10.0);
    auto difference_db = [&](int lag) {
        double diff = 0.0, energy = 0.0;
        for (std::size_t i = 48000; i < b.size(); ++i) {
            const double d = double(a[i + std::size_t(lag)]) - b[i];
            diff += d * d;
            energy += double(b[i]) * b[i];
        }
        return 10.0 * std::log10(diff / energy);
    };
    // A half-rate sample is the second of its two frames (its phase is two full-rate
    // increments on), so the pads come one frame sooner than the upsampler's latency.
    const int lag = Upsampler2x::latency - 1;
    const double at_lag = difference_db(lag);
    // What differs is the filter near the half rate's top and the oscillators' aliasing
    // there (-32 dB here; a frame off either way is -18 dB or worse).
    EXPECT_LT(at_lag, -28.0) << "the same waveform, 15 frames later";
    EXPECT_GT(difference_db(lag - 1), at_lag + 10.0);
    EXPECT_GT(difference_db(lag + 1), at_lag + 10.0);
    EXPECT_GT(difference_db(0), at_lag + 20.0) << "later, not at once";
}

TEST(Engine, BrightPadsStayAtTheFullRate) {
    Patch patch;
    EXPECT_TRUE(Engine(48000.0f, patch, 1).pads_at_half_rate());
    EXPECT_TRUE(Engine(44100.0f, patch, 1).pads_at_half_rate());
    patch.pad.cutoff = 6000.0f;  // 8.6 kHz at full intensity, 12 kHz at the drift's top
    EXPECT_FALSE(Engine(48000.0f, patch, 1).pads_at_half_rate());
    EXPECT_TRUE(Engine(96000.0f, patch, 1).pads_at_half_rate()) << "under a fifth of 96 kHz";
}

}  // namespace
}  // namespace ambient
