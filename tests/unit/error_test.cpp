#include "core/error.hpp"

#include <gtest/gtest.h>

namespace ambient {
namespace {

TEST(Error, PlaceSaysFileLineFieldAndSettingWithoutAnyFlag) {
    EXPECT_EQ(Place("phrases.jsonl", 3, "bpm").text(), "phrases.jsonl line 3, field bpm");
    EXPECT_EQ(Place("stdin").text(), "stdin");
    EXPECT_EQ(Place::of_field("reverb.decay").text(), "field reverb.decay");
    EXPECT_EQ(Place::of_setting("web-root", "/srv/x").text(), "setting web-root /srv/x");
    EXPECT_TRUE(Place().empty());
    EXPECT_EQ(Place().text(), "");
}

TEST(Error, LocatedKeepsAPlaceOfItsOwnAndFillsAMissingOne) {
    Error bare(ErrorKind::data, "mode: unknown mode", Place::of_field("mode"));
    Error placed = bare.located("in.jsonl", 7);
    EXPECT_EQ(placed.kind(), ErrorKind::data);
    EXPECT_STREQ(placed.what(), "mode: unknown mode");
    EXPECT_EQ(placed.where().text(), "in.jsonl line 7, field mode");
    Error own(ErrorKind::io, "write failed", Place("out.wav"));
    EXPECT_EQ(own.located("in.jsonl", 7).where().text(), "out.wav");
}

}  // namespace
}  // namespace ambient
