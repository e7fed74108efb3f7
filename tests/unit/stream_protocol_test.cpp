#include <gtest/gtest.h>

#include "phrase/phrase.hpp"
#include "stream/pacer.hpp"
#include "stream/protocol.hpp"

namespace ambient {
namespace {

TEST(Protocol, FrameHeaderRoundTrip) {
    FrameHeader h{StreamCodec::opus, 0xDEADBEEF, 0x0123456789ABCDEFull};
    std::string message;
    encode_frame(h, "payload", message);
    ASSERT_EQ(message.size(), frame_header_bytes + 7);
    EXPECT_EQ(message.substr(frame_header_bytes), "payload");
    EXPECT_EQ(static_cast<std::uint8_t>(message[4]), 0xEF) << "little-endian";
    auto back = decode_frame_header(message);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->codec, StreamCodec::opus);
    EXPECT_EQ(back->sequence, 0xDEADBEEFu);
    EXPECT_EQ(back->sample_position, 0x0123456789ABCDEFull);
    EXPECT_FALSE(decode_frame_header(message.substr(0, 15)));
    message[0] = 9;
    EXPECT_FALSE(decode_frame_header(message)) << "another version";
}

TEST(Protocol, HelloDescribesTheStream) {
    Json j = Json::parse(
        hello_message(StreamDescription{StreamCodec::opus, 48000, 2, 960, 1700000000000, 42}));
    EXPECT_EQ(j["type"], "hello");
    EXPECT_EQ(j["codec"], "opus");
    EXPECT_EQ(j["frame_ms"], 20.0);
    EXPECT_EQ(j["header_bytes"], 16);
    EXPECT_EQ(j["next_sequence"], 42);
}

TEST(Pacer, NoDriftOverAnHour) {
    Pacer::Clock::time_point t0{};
    Pacer p(t0, std::chrono::milliseconds(20));
    EXPECT_EQ(p.deadline(180000) - t0, std::chrono::seconds(3600));
}

TEST(Pacer, FramesComeDueOnTimeAndAStallSkipsAhead) {
    Pacer::Clock::time_point t0{};
    Pacer p(t0, std::chrono::milliseconds(20), 10);
    EXPECT_EQ(p.due(t0), 1) << "frame 0 at once";
    p.sent(1);
    EXPECT_EQ(p.due(t0 + std::chrono::milliseconds(19)), 0);
    EXPECT_EQ(p.due(t0 + std::chrono::milliseconds(20)), 1);
    p.sent(1);
    EXPECT_EQ(p.due(t0 + std::chrono::milliseconds(100)), 4) << "a little behind: catch up";
    p.sent(4);
    // A stall of a second: no burst of 50 frames, a skip to now.
    EXPECT_EQ(p.due(t0 + std::chrono::milliseconds(1100)), 1);
    EXPECT_EQ(p.skipped(), 49);
    p.sent(1);
    EXPECT_EQ(p.next(), 56);
    EXPECT_EQ(p.due(t0 + std::chrono::milliseconds(1110)), 0);
}

}  // namespace
}  // namespace ambient
