#include "phrase/phrase_json.hpp"

#include <gtest/gtest.h>

#include "phrase/json_file.hpp"

namespace ambient {
namespace {

const char* design_example =
    R"({"v":1,"seq":0,"seed":42,"key":"A","mode":"aeolian","tonic":57,"bpm":70,)"
    R"("meter":[4,4],"bars":8,"intensity":0.5,)"
    R"("chords":[{"bar":0,"beat":0,"beats":4,"degree":"i","root":57,"pitches":[57,60,64]}],)"
    R"("melody":[{"beat":0.0,"dur":2.0,"pitch":69,"vel":0.7}],)"
    R"("percussion":[{"beat":0.0,"dur":0.5,"kind":"kick","vel":0.6}]})";

TEST(PhraseJson, ReadsTheDesignExample) {
    Phrase p = parse_phrase_line(design_example);
    EXPECT_EQ(p.seed, 42u);
    EXPECT_EQ(p.tonic, 57);
    EXPECT_EQ(p.meter, (Meter{4, 4}));
    ASSERT_EQ(p.chords.size(), 1u);
    EXPECT_EQ(p.chords[0].pitches, (std::vector<int>{57, 60, 64}));
    ASSERT_EQ(p.melody.size(), 1u);
    EXPECT_EQ(p.melody[0].pitch, 69);
    ASSERT_EQ(p.percussion.size(), 1u);
    EXPECT_EQ(p.percussion[0].kind, PercussionKind::kick);
    EXPECT_FALSE(p.percussion[0].pitch);
}

TEST(PhraseJson, RoundTripIsStable) {
    std::string once = format_phrase_line(parse_phrase_line(design_example));
    std::string twice = format_phrase_line(parse_phrase_line(once.substr(0, once.size() - 1)));
    EXPECT_EQ(once, twice);
    EXPECT_EQ(once.back(), '\n');
    EXPECT_EQ(once.find('\n'), once.size() - 1) << "one line per phrase";
    EXPECT_EQ(once.rfind(R"({"v":1,"seq":0,"seed":42,"key":"A")", 0), 0u)
        << "known fields in DESIGN.md order";
}

TEST(PhraseJson, UnknownFieldsSurviveAtEveryLevelInOrder) {
    std::string line = design_example;
    line.insert(line.size() - 1, R"(,"zeta":{"a":[1,2]},"alpha":"x")");
    line.replace(line.find(R"("pitches":[57,60,64])"), 20, R"("pitches":[57,60,64],"inversion":1)");
    line.replace(line.find(R"("vel":0.7)"), 9, R"("vel":0.7,"articulation":"legato")");
    line.replace(line.find(R"("kind":"kick")"), 13, R"("kind":"kick","pan":-0.3)");
    std::string out = format_phrase_line(parse_phrase_line(line));
    EXPECT_NE(out.find(R"("zeta":{"a":[1,2]},"alpha":"x"})"), std::string::npos) << out;
    EXPECT_NE(out.find(R"("inversion":1)"), std::string::npos);
    EXPECT_NE(out.find(R"("articulation":"legato")"), std::string::npos);
    EXPECT_NE(out.find(R"("pan":-0.3)"), std::string::npos);
}

struct BadCase {
    std::string from, to, field;
};

void PrintTo(const BadCase& c, std::ostream* os) {
    *os << c.field;
}

class PhraseJsonBad : public ::testing::TestWithParam<BadCase> {};

TEST_P(PhraseJsonBad, NamesTheField) {
    std::string line = design_example;
    auto at = line.find(GetParam().from);
    ASSERT_NE(at, std::string::npos);
    line.replace(at, GetParam().from.size(), GetParam().to);
    try {
        parse_phrase_line(line);
        FAIL() << "accepted: " << line;
    } catch (const PhraseFormatError& e) {
        EXPECT_EQ(std::string(e.what()).rfind(GetParam().field, 0), 0u) << e.what();
    }
}

INSTANTIATE_TEST_SUITE_P(
    Fields, PhraseJsonBad,
    ::testing::Values(
        BadCase{R"("v":1)", R"("v":2)", "v:"}, BadCase{R"("seq":0,)", "", "seq:"},
        BadCase{R"("bpm":70)", R"("bpm":"fast")", "bpm:"},
        BadCase{R"("bpm":70)", R"("bpm":0)", "bpm:"},
        BadCase{R"("meter":[4,4])", R"("meter":[4])", "meter:"},
        BadCase{R"("bars":8)", R"("bars":-1)", "bars:"},
        BadCase{R"("intensity":0.5)", R"("intensity":2)", "intensity:"},
        BadCase{R"("pitches":[57,60,64])", R"("pitches":[57,600,64])", "chords[0].pitches[1]:"},
        BadCase{R"("degree":"i",)", "", "chords[0].degree:"},
        BadCase{R"("vel":0.7)", R"("vel":1.5)", "melody[0].vel:"},
        BadCase{R"("kind":"kick")", R"("kind":3)", "percussion[0].kind:"},
        BadCase{R"("chords":[)", R"("chords":{"x":[)", "not valid JSON"},
        BadCase{R"("tonic":57)", R"("tonic":57.5)", "tonic:"},
        // One validator for every reader (#17): perc, midi and render took these.
        BadCase{R"("key":"A")", R"("key":"H")", "key: unknown key \"H\""},
        BadCase{R"("mode":"aeolian")", R"("mode":"x")", "mode: unknown mode \"x\""},
        BadCase{R"("tonic":57)", R"("tonic":58)", "tonic: 58 is not a A"},
        BadCase{R"("seed":42)", R"("seed":9007199254740992)",
                "seed: out of range [0, 9007199254740991]"},
        BadCase{R"([{"bar":0,"beat":0,"beats":4,"degree":"i","root":57,"pitches":[57,60,64]}])",
                "[]", "chords: expected at least one chord"},
        // Numbers too large for a double, even in a field no stage knows.
        BadCase{R"("bpm":70)", R"("bpm":1e309)", "not valid JSON: number overflow"},
        BadCase{R"("bpm":70)", R"("bpm":70,"x":-1e309)", "not valid JSON: number overflow"},
        BadCase{R"("bpm":70)", R"("bpm":70,"x":1)" + std::string(400, '0'),
                "not valid JSON: number overflow"}));

// A line nested 100 000 deep would overflow the stack as its value is copied: it is
// refused before it is parsed, wherever the nesting is.
TEST(PhraseJson, NestingDeeperThanTheBoundIsRefusedBeforeParsing) {
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    try {
        parse_phrase_line(R"({"v":1,"x":)" + deep + "}");
        FAIL() << "accepted";
    } catch (const PhraseFormatError& e) {
        EXPECT_STREQ(e.what(), "nested deeper than 100 arrays and objects");
    }
    const auto nest = [](int depth) {
        return std::string(std::size_t(depth), '[') + std::string(std::size_t(depth), ']');
    };
    EXPECT_FALSE(json_too_deep(nest(max_json_depth)));
    EXPECT_TRUE(json_too_deep(nest(max_json_depth + 1)));
    // Brackets in strings are text, past an escaped quote too; an escaped backslash ends
    // nothing but itself.
    EXPECT_FALSE(json_too_deep(R"({"a":")" + std::string(500, '[') + R"(\"[["})"));
    EXPECT_TRUE(json_too_deep(R"({"a":"\\",)" + nest(max_json_depth) + "}"));
    // A known field at the design example's depth still reads.
    EXPECT_NO_THROW(parse_phrase_line(design_example));
}

TEST(PhraseJson, NotAnObject) {
    EXPECT_THROW(parse_phrase_line("[1,2]"), PhraseFormatError);
}

}  // namespace
}  // namespace ambient
