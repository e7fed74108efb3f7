#include "stream/protocol.hpp"

#include "phrase/phrase.hpp"

namespace ambient {

namespace {
void put_le(std::string& out, std::uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
}
std::uint64_t get_le(std::string_view in, std::size_t at, int bytes) {
    std::uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; --i)
        v = (v << 8) | static_cast<std::uint8_t>(in[at + static_cast<std::size_t>(i)]);
    return v;
}
}  // namespace

void encode_frame(const FrameHeader& h, std::string_view payload, std::string& out) {
    out.clear();
    out.reserve(frame_header_bytes + payload.size());
    put_le(out, protocol_version, 1);
    put_le(out, static_cast<std::uint8_t>(h.codec), 1);
    put_le(out, 0, 2);  // reserved
    put_le(out, h.sequence, 4);
    put_le(out, h.sample_position, 8);
    out.append(payload);
}

std::optional<FrameHeader> decode_frame_header(std::string_view message) {
    if (message.size() < frame_header_bytes ||
        static_cast<std::uint8_t>(message[0]) != protocol_version)
        return std::nullopt;
    FrameHeader h;
    h.codec = static_cast<StreamCodec>(static_cast<std::uint8_t>(message[1]));
    h.sequence = static_cast<std::uint32_t>(get_le(message, 4, 4));
    h.sample_position = get_le(message, 8, 8);
    return h;
}

std::string hello_message(const StreamDescription& d) {
    Json j = {{"type", "hello"},
              {"version", protocol_version},
              {"codec", d.codec == StreamCodec::opus ? "opus" : "pcm"},
              {"sample_rate", d.sample_rate},
              {"channels", d.channels},
              {"frame_samples", d.frame_samples},
              {"frame_ms", 1000.0 * d.frame_samples / d.sample_rate},
              {"header_bytes", frame_header_bytes},
              {"server_time_ms", d.server_time_ms},
              {"next_sequence", d.next_sequence}};
    return j.dump();
}

}  // namespace ambient
