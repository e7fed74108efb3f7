// Journeys: reading them, where they are at a time, and what the conductor and the chord
// composer make of them over hours: modulations through pivots, glides, overrides,
// endings, and every hard rule of the melody across every transition.
#include <gtest/gtest.h>

#include <set>

#include "compose/chord_run.hpp"
#include "compose/conductor.hpp"
#include "compose/harmony.hpp"
#include "compose/journey.hpp"
#include "compose/melody.hpp"
#include "compose/pitch.hpp"
#include "compose/timbres.hpp"
#include "core/error.hpp"
#include "phrase/phrase_json.hpp"

namespace ambient {
namespace {

// A journey's phrases as ambient-chords | ambient-melody would make them.
std::vector<Phrase> walk(const std::string& journey, double start_clock, double seconds,
                         std::uint64_t seed,
                         const std::function<void(Conductor&, int)>& each = {}) {
    ConductorSettings cs;
    cs.start_clock = start_clock;
    Conductor conductor(load_journey(journey), cs);
    ChordComposer composer(ChordSettings{}, std::nullopt, 1, seed);
    std::vector<Phrase> out;
    for (int n = 0; !conductor.finished() && conductor.elapsed() < seconds; ++n) {
        if (each) each(conductor, n);
        composer.apply(conductor.next());
        Phrase p = composer.next();
        compose_melody(p, MelodySettings{}, 0);
        out.push_back(std::move(p));
    }
    return out;
}

std::string error_of(const std::string& json) {
    try {
        journey_from_json(Json::parse(json), "test");
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::data);
        return e.what();
    }
    return "";
}

TEST(Journey, BuiltinsAreListedAndValid) {
    std::vector<std::string> names;
    for (const JourneySummary& j : builtin_journeys()) {
        names.push_back(j.name);
        EXPECT_FALSE(j.description.empty());
        Journey journey = load_journey(j.name);
        EXPECT_GE(journey.scenes.size(), 3u) << j.name;
        std::set<std::string> presets;
        for (const Scene& s : journey.scenes) presets.insert(s.values.preset);
        EXPECT_GE(presets.size(), 3u) << j.name << " visits several timbres";
    }
    EXPECT_EQ(names, (std::vector<std::string>{"day", "drift", "sleep"}));
    EXPECT_TRUE(load_journey("day").follows_clock());
    EXPECT_FALSE(load_journey("sleep").repeat);
}

TEST(Journey, BadFilesNameTheField) {
    EXPECT_NE(error_of(R"({"scenes":[{"name":"a","at":"25:00"}]})").find("scenes[0].at"),
              std::string::npos);
    EXPECT_NE(error_of(R"({"scenes":[{"name":"a","minutes":3,"bpm":500}]})")
                  .find("scenes[0].bpm: expected a number from 40 to 160"),
              std::string::npos);
    EXPECT_NE(error_of(R"({"scenes":[{"name":"a","minutes":3,"preset":"kazoo"}]})")
                  .find("unknown preset \"kazoo\""),
              std::string::npos);
    EXPECT_NE(error_of(R"({"scenes":[{"name":"a","minutes":3,"tempo":60}]})")
                  .find("scenes[0].tempo: unknown field"),
              std::string::npos);
    EXPECT_NE(error_of(R"({"scenes":[{"name":"a","minutes":3},{"name":"b","at":"06:00"}]})")
                  .find("scenes[1]"),
              std::string::npos);
    EXPECT_NE(error_of(R"({"scenes":[{"name":"a","at":"08:00"},{"name":"b","at":"06:00"}]})")
                  .find("scenes[1].at: expected a time after the scene before (08:00)"),
              std::string::npos);
    EXPECT_NE(error_of(R"({"scenes":[{"name":"a"}]})").find("exactly one of at, minutes or bars"),
              std::string::npos);
    EXPECT_NE(error_of(R"({"scenes":[]})").find("scenes"), std::string::npos);
    EXPECT_NE(error_of(R"({"scene":[]})").find("scene: unknown field"), std::string::npos);
    EXPECT_NE(error_of(R"({"scenes":[{"name":"a","minutes":3,"key":"H"}]})").find("scenes[0].key"),
              std::string::npos);
    try {
        load_journey("nowhere");
        ADD_FAILURE() << "an unknown name is refused";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::usage);
        EXPECT_NE(std::string(e.what()).find("day, drift and sleep"), std::string::npos);
    }
}

TEST(Journey, ClocksAndDurations) {
    EXPECT_EQ(parse_clock("06:30"), 6 * 3600.0 + 30 * 60);
    EXPECT_EQ(parse_clock("0:05"), 300.0);
    EXPECT_FALSE(parse_clock("24:00"));
    EXPECT_FALSE(parse_clock("6:3"));
    EXPECT_FALSE(parse_clock("06:30x"));
    EXPECT_EQ(clock_text(22 * 3600.0 + 24 * 3600.0), "22:00");
    EXPECT_EQ(parse_duration("30m"), 1800.0);
    EXPECT_EQ(parse_duration("1h30m"), 5400.0);
    EXPECT_EQ(parse_duration("90s"), 90.0);
    EXPECT_EQ(parse_duration("45"), 45.0);
    EXPECT_FALSE(parse_duration("1h30"));
    EXPECT_FALSE(parse_duration("-5m"));
    EXPECT_FALSE(parse_duration("0"));
    EXPECT_FALSE(parse_duration("5x"));
    EXPECT_FALSE(parse_duration(""));
}

TEST(Journey, ClockJourneysFollowTheTimeOfDay) {
    Journey day = load_journey("day");
    auto at = [&](const std::string& clock) {
        return journey_position(day, 0.0, *parse_clock(clock), 4);
    };
    EXPECT_EQ(day.scenes[at("07:00").scene].name, "dawn");
    EXPECT_EQ(day.scenes[at("07:00").next].name, "morning");
    EXPECT_DOUBLE_EQ(*at("07:00").next_begins, 1.5 * 3600);
    EXPECT_EQ(day.scenes[at("00:30").scene].name, "night") << "before the first: yesterday's last";
    EXPECT_EQ(day.scenes[at("15:00").scene].name, "afternoon");
    // Brightest and fullest in the afternoon, slowest and sparsest at night.
    const SceneValues& noon = day.scenes[at("15:00").scene].values;
    const SceneValues& night = day.scenes[at("02:00").scene].values;
    EXPECT_GT(noon.intensity, night.intensity + 0.4);
    EXPECT_GT(noon.bpm, night.bpm + 20);
    EXPECT_LT(night.density, 1.0);
}

TEST(Journey, SleepEndsOnTheTonicAfterAboutFortyFiveMinutes) {
    std::vector<Phrase> phrases = walk("sleep", 22 * 3600.0, 1e9, 11);
    double seconds = 0;
    for (const Phrase& p : phrases) seconds += p.total_beats() * 60.0 / p.bpm;
    EXPECT_GT(seconds, 42 * 60.0);
    EXPECT_LT(seconds, 48 * 60.0);
    for (std::size_t i = 0; i + 1 < phrases.size(); ++i) EXPECT_FALSE(phrases[i].end);
    const Phrase& last = phrases.back();
    EXPECT_TRUE(last.end);
    const Key key = phrase_key(last);
    EXPECT_EQ(pitch_class(last.chords.back().root), key.tonic_pc);
    ASSERT_FALSE(last.melody.empty());
    EXPECT_EQ(pitch_class(last.melody.back().pitch), key.tonic_pc);
    // Slower and thinner as it goes.
    EXPECT_LT(last.bpm, phrases.front().bpm - 10);
    EXPECT_LT(last.intensity, phrases.front().intensity - 0.25);
}

TEST(Journey, TransitionsModulateThroughPivotsAndGlide) {
    std::vector<Phrase> phrases = walk("drift", 0, 2 * 3600.0, 5);
    int modulations = 0, pivots = 0, glides = 0, changes = 0;
    for (std::size_t i = 1; i < phrases.size(); ++i) {
        const Phrase &a = phrases[i - 1], &b = phrases[i];
        if (a.scene != b.scene) {
            ++changes;
            EXPECT_TRUE(b.preset_glide) << "a timbre change morphs over the transition";
            // The tempo passes through a value between the two scenes'.
            const Phrase& settled = phrases[std::min(i + 3, phrases.size() - 1)];
            if (std::abs(settled.bpm - a.bpm) >= 2 && b.bpm != settled.bpm) ++glides;
        }
        if (a.key != b.key || a.mode != b.mode) {
            ++modulations;
            Key from = phrase_key(a), to = phrase_key(b);
            if (pivot_degree(from, to)) {
                ASSERT_FALSE(b.chords.empty());
                EXPECT_TRUE(b.chords.front().extra.value("pivot", false))
                    << a.key << " " << a.mode << " to " << b.key << " " << b.mode;
                pivots += b.chords.front().extra.value("pivot", false);
            }
        }
        EXPECT_LE(std::abs(b.intensity - a.intensity), 0.2) << "intensity arcs, never jumps";
    }
    EXPECT_GE(changes, 20) << "two hours of drift is many scenes";
    EXPECT_GE(modulations, 10);
    EXPECT_GE(pivots, modulations / 2);
    EXPECT_GE(glides, changes / 2);
}

TEST(Journey, MelodicRulesHoldAcrossEveryTransition) {
    long notes = 0, outside = 0, clashes = 0, strong = 0, strong_chord_tones = 0;
    std::set<std::string> scenes;
    for (const auto& [journey, start, seconds] :
         std::vector<std::tuple<std::string, double, double>>{
             {"day", 0.0, 24 * 3600.0}, {"drift", 0.0, 2 * 3600.0}, {"sleep", 0.0, 1e9}}) {
        for (const Phrase& p : walk(journey, start, seconds, 3)) {
            scenes.insert(journey + "/" + *p.scene);
            const Key key = phrase_key(p);
            for (const MelodyNote& n : p.melody) {
                ++notes;
                const ChordEvent* chord = chord_at(p, n.beat);
                const bool chord_tone = chord && is_chord_tone(*chord, n.pitch);
                outside += !key.contains(pitch_class(n.pitch)) && !chord_tone;
                clashes += clashes_with_chords(p, n.pitch, n.beat, n.beat + n.dur);
                if (is_strong_beat(p.meter, n.beat)) {
                    ++strong;
                    strong_chord_tones += chord_tone;
                }
            }
        }
    }
    EXPECT_EQ(scenes.size(), 8u + 8u + 5u) << "every scene of every journey was visited";
    EXPECT_GT(notes, 10000);
    EXPECT_EQ(outside, 0);
    EXPECT_EQ(clashes, 0);
    EXPECT_EQ(strong_chord_tones, strong);
}

TEST(Journey, SameSeedSameJourneySamePhrases) {
    auto dump = [](std::uint64_t seed) {
        std::string out;
        for (const Phrase& p : walk("day", 21 * 3600.0, 3 * 3600.0, seed))
            out += phrase_to_json(p).dump() + "\n";
        return out;
    };
    EXPECT_EQ(dump(8), dump(8));
    EXPECT_NE(dump(8), dump(9));
}

TEST(Journey, AListenersChangeHoldsThenTheJourneyTakesOver) {
    ConductorSettings cs;
    cs.override_seconds = 600;
    Conductor conductor(load_journey("drift"), cs);
    Cue first = conductor.next();
    EXPECT_EQ(first.values.bpm, 70);
    ControlValues change;
    change.bpm = 120;
    change.preset = "glass";
    conductor.listener_changed(change);
    Cue held = conductor.next();
    EXPECT_EQ(held.values.bpm, 120) << "heard at once";
    EXPECT_EQ(held.values.preset, "glass");
    EXPECT_EQ(held.values.key_name, "A") << "what the listener left alone follows the journey";
    EXPECT_TRUE(held.status.contains("override_left"));
    std::vector<double> bpms;
    while (conductor.elapsed() < 800) bpms.push_back(conductor.next().values.bpm);
    EXPECT_EQ(bpms.front(), 120);
    // Back to the journey (in "shore", at 68 by then), through values in between.
    EXPECT_EQ(bpms.back(), 68);
    EXPECT_TRUE(std::any_of(bpms.begin(), bpms.end(), [](double b) { return b > 75 && b < 115; }))
        << "a glide, not a jump";
}

TEST(Journey, TimbresHaveDistinctNames) {
    std::set<std::string> names;
    for (const Timbre& t : timbres()) {
        names.insert(std::string(t.name));
        EXPECT_FALSE(t.character.empty());
    }
    EXPECT_GE(names.size(), 8u);
    EXPECT_EQ(timbres().front().name, "drift");
}

}  // namespace
}  // namespace ambient
