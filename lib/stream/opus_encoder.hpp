// Opus encoding of 20 ms frames (libopus), one encoder for every listener: the stream is
// encoded once and the same packets go to all. Kept apart from the network side so the
// packets can as well feed an Icecast source or HLS segments.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

struct OpusEncoder;

namespace ambient {

class OpusFrameEncoder {
  public:
    // 48 kHz, `channels` 1 or 2, `bitrate` in bit/s (default 96 kbit/s). Error(usage) if
    // libopus refuses the settings.
    explicit OpusFrameEncoder(int channels = 2, int bitrate = 96000);
    ~OpusFrameEncoder();

    static constexpr int rate = 48000;
    static constexpr int frame_samples = 960;  // 20 ms at 48 kHz
    int channels() const { return channels_; }
    // Samples the decoder's output lags the input (the encoder's look-ahead).
    int lookahead() const { return lookahead_; }

    // Encodes one frame of interleaved float samples (frame_samples per channel) into
    // `packet`, replacing its contents.
    void encode(const float* interleaved, std::vector<std::uint8_t>& packet);

  private:
    struct Free {
        void operator()(OpusEncoder* e) const;
    };
    std::unique_ptr<OpusEncoder, Free> encoder_;
    int channels_;
    int lookahead_ = 0;
};

}  // namespace ambient
