// MP3 for players and speakers without Opus (/stream.mp3): libmp3lame, constant bit rate,
// fed the same 20 ms frames the other listeners get. The server makes one only while
// someone listens to the MP3 stream.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ambient {

class Mp3Encoder {
  public:
    // 48 kHz stereo at `kbps` kbit/s. Error(usage) if LAME refuses the rate.
    explicit Mp3Encoder(int kbps);
    ~Mp3Encoder();
    Mp3Encoder(const Mp3Encoder&) = delete;
    Mp3Encoder& operator=(const Mp3Encoder&) = delete;

    // Interleaved stereo s16 samples in; the MP3 bytes ready so far out (may be empty).
    std::string encode(const std::int16_t* samples, int frames);
    int kbps() const { return kbps_; }

  private:
    struct Lame;
    std::unique_ptr<Lame> lame_;
    std::vector<unsigned char> out_;
    int kbps_;
};

// An ICY (SHOUTcast) title block: the length byte, then StreamTitle='…'; padded to 16.
std::string icy_metadata_block(const std::string& title);

}  // namespace ambient
