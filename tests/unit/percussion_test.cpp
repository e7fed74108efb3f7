#include "compose/percussion.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "compose/chord_composer.hpp"
#include "compose/harmony.hpp"
#include "compose/pitch.hpp"
#include "phrase/phrase_json.hpp"

namespace ambient {
namespace {

Phrase chords(std::uint64_t seed, double intensity, int tonic = 9, Mode mode = Mode::aeolian) {
    ChordSettings cs;
    cs.key = Key{tonic, mode};
    cs.key_name = pitch_class_name(tonic);
    cs.intensity = intensity;
    return compose_chords(cs, TransitionTable::builtin(mode), seed, 0);
}

TEST(Percussion, NoneAtZeroSparseInTheMiddleBusierAtOne) {
    std::map<double, long> events;
    for (double level : {0.0, 0.25, 0.5, 0.75, 1.0})
        for (std::uint64_t seed = 0; seed < 200; ++seed) {
            Phrase p = chords(seed, level);
            compose_percussion(p, {}, seed);
            events[level] += static_cast<long>(p.percussion.size());
        }
    EXPECT_EQ(events[0.0], 0);
    EXPECT_LT(events[0.25], events[0.5]);
    EXPECT_LT(events[0.5], events[0.75]);
    EXPECT_LT(events[0.75], events[1.0]);
    double per_bar_mid = events[0.5] / 200.0 / 8.0;
    EXPECT_LT(per_bar_mid, 1.5) << "sparse at 0.5";
    EXPECT_GT(events[1.0] / 200.0 / 8.0, 2 * per_bar_mid) << "busier at 1";
}

TEST(Percussion, SortedKnownKindsInsideThePhrase) {
    std::set<std::string> kinds;
    for (std::uint64_t seed = 0; seed < 300; ++seed) {
        Phrase p = chords(seed, 1.0, static_cast<int>(seed % 12), all_modes[seed % 7]);
        compose_percussion(p, {}, 0);
        EXPECT_TRUE(std::is_sorted(p.percussion.begin(), p.percussion.end(),
                                   [](auto& a, auto& b) { return a.beat < b.beat; }));
        for (const PercussionEvent& e : p.percussion) {
            kinds.insert(std::string(percussion_kind_name(e.kind)));
            EXPECT_GE(e.beat, 0.0);
            EXPECT_LE(e.beat + e.dur, p.total_beats() + 1e-9);
            EXPECT_GT(e.vel, 0.0);
            EXPECT_LE(e.vel, 1.0);
            EXPECT_EQ(e.pitch.has_value(), e.kind == PercussionKind::bell);
        }
    }
    EXPECT_EQ(kinds, (std::set<std::string>{"kick", "swell", "bell", "noise"}));
}

TEST(Percussion, BellsRingOnChordTonesWithoutClashes) {
    long bells = 0;
    for (std::uint64_t seed = 0; seed < 500; ++seed) {
        Phrase p = chords(seed, 0.8, static_cast<int>(seed % 12), all_modes[seed % 7]);
        compose_percussion(p, {}, 0);
        for (const PercussionEvent& e : p.percussion) {
            if (e.kind != PercussionKind::bell) continue;
            ++bells;
            const ChordEvent* c = chord_at(p, e.beat);
            ASSERT_NE(c, nullptr);
            EXPECT_TRUE(is_chord_tone(*c, *e.pitch));
            EXPECT_FALSE(clashes_with_chords(p, *e.pitch, e.beat, e.beat + e.dur));
        }
    }
    EXPECT_GT(bells, 500);
}

TEST(Percussion, DensityOverridesIntensityAndSeedsAreDeterministic) {
    Phrase a = chords(4, 0.0), b = chords(4, 0.0);
    compose_percussion(a, PercussionSettings{1.0}, 9);
    compose_percussion(b, PercussionSettings{1.0}, 9);
    EXPECT_FALSE(a.percussion.empty());
    ASSERT_EQ(a.percussion.size(), b.percussion.size());
    for (std::size_t i = 0; i < a.percussion.size(); ++i)
        EXPECT_EQ(a.percussion[i].beat, b.percussion[i].beat);
    Phrase c = chords(4, 0.0);
    compose_percussion(c, PercussionSettings{1.0}, 10);
    bool differs = c.percussion.size() != a.percussion.size();
    for (std::size_t i = 0; !differs && i < a.percussion.size(); ++i)
        differs = a.percussion[i].beat != c.percussion[i].beat ||
                  a.percussion[i].vel != c.percussion[i].vel;
    EXPECT_TRUE(differs) << "another tool seed gives other percussion";
}

}  // namespace
}  // namespace ambient

namespace ambient {
namespace {

TEST(PercussionKind, OneClassificationByBeats) {
    PercussionEvent e;
    e.kind = PercussionKind::noise;
    e.dur = tick_beats;
    EXPECT_EQ(percussion_sound(e), PercussionSound::tick);
    e.dur = tick_beats + 0.01;
    EXPECT_EQ(percussion_sound(e), PercussionSound::bed);
    e.kind = PercussionKind::bell;
    EXPECT_EQ(percussion_sound(e), PercussionSound::none) << "a bell needs a pitch";
    e.pitch = 72;
    EXPECT_EQ(percussion_sound(e), PercussionSound::bell);
    e.kind = PercussionKind::other;
    EXPECT_EQ(percussion_sound(e), PercussionSound::none);
    for (PercussionKind k :
         {PercussionKind::kick, PercussionKind::swell, PercussionKind::bell, PercussionKind::noise})
        EXPECT_EQ(parse_percussion_kind(percussion_kind_name(k)), k);
    EXPECT_FALSE(parse_percussion_kind("gong"));
}

TEST(PercussionKind, AKindFromANewerStageIsKeptAsSpelt) {
    Phrase p = parse_phrase_line(
        R"({"v":1,"seq":0,"key":"A","mode":"aeolian","tonic":57,"bpm":70,"meter":[4,4],"bars":1,)"
        R"("chords":[{"bar":0,"beat":0,"beats":4,"degree":"i","root":57,"pitches":[57,60,64]}],)"
        R"("melody":[],"percussion":[{"beat":0,"dur":1,"kind":"gong","vel":0.5}]})");
    ASSERT_EQ(p.percussion.size(), 1u);
    EXPECT_EQ(p.percussion[0].kind, PercussionKind::other);
    EXPECT_NE(format_phrase_line(p).find(R"("kind":"gong")"), std::string::npos);
}

}  // namespace
}  // namespace ambient
