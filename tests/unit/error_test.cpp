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

}  // namespace
}  // namespace ambient
