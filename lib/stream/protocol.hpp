// The wire protocol of /ws/stream (docs/protocol.md): a JSON hello, then binary audio
// frames with a fixed 16-byte header, and JSON status messages.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ambient {

enum class StreamCodec : std::uint8_t { opus = 1, pcm_s16le = 2 };

inline constexpr std::uint8_t protocol_version = 1;
inline constexpr std::size_t frame_header_bytes = 16;

struct FrameHeader {
    StreamCodec codec = StreamCodec::opus;
    std::uint32_t sequence = 0;         // counts frames from 0; a gap means frames were lost
    std::uint64_t sample_position = 0;  // the first sample of the frame, at the stream's rate
};

// Appends header and payload to `out` (cleared first): one WebSocket binary message.
void encode_frame(const FrameHeader& h, std::string_view payload, std::string& out);

// The header of a binary message, or nullopt when it is too short or of another version.
std::optional<FrameHeader> decode_frame_header(std::string_view message);

struct StreamDescription {
    StreamCodec codec = StreamCodec::opus;
    int sample_rate = 48000;
    int channels = 2;
    int frame_samples = 960;
    std::uint64_t server_time_ms = 0;  // Unix time when the hello was sent
    std::uint32_t next_sequence = 0;   // the first frame this client will get
};

// {"type":"hello","version":1,"codec":"opus",…}
std::string hello_message(const StreamDescription& d);

}  // namespace ambient
