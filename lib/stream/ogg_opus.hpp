// Ogg Opus (RFC 7845) for plain HTTP listeners: the Opus packets the frame source has
// already encoded, put into Ogg pages once (libogg) for every HTTP listener. A listener
// gets the two header pages, then joins at a page boundary; pages are small (a few
// packets) so that players start quickly and latency stays low.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace ambient {

class OggOpusMuxer {
  public:
    // `packets_per_page` 20 ms packets go into each page (5: a page every 100 ms).
    OggOpusMuxer(std::uint32_t serial, int channels, int packets_per_page = 5,
                 std::string vendor = "ambient");
    ~OggOpusMuxer();
    OggOpusMuxer(const OggOpusMuxer&) = delete;
    OggOpusMuxer& operator=(const OggOpusMuxer&) = delete;

    // OpusHead and OpusTags, each on a page of its own: what every listener starts with.
    const std::string& header_pages() const { return headers_; }
    // Adds one 20 ms packet; returns the page it completed, or "" when the page is not full.
    std::string add_packet(std::string_view packet);

    // Encoder delay the header declares (samples at 48 kHz the player drops at the start).
    static constexpr int pre_skip = 312;

  private:
    struct State;
    std::unique_ptr<State> state_;
    std::string headers_;
    int packets_per_page_;
};

}  // namespace ambient
