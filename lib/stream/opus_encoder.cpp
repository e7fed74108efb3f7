#include "stream/opus_encoder.hpp"

#include <opus/opus.h>

#include "core/error.hpp"

namespace ambient {

void OpusFrameEncoder::Free::operator()(OpusEncoder* e) const {
    opus_encoder_destroy(e);
}

OpusFrameEncoder::OpusFrameEncoder(int channels, int bitrate) : channels_(channels) {
    int error = OPUS_OK;
    encoder_.reset(opus_encoder_create(rate, channels, OPUS_APPLICATION_AUDIO, &error));
    if (error != OPUS_OK || !encoder_)
        throw Error(ErrorKind::usage,
                    std::string("libopus cannot encode this: ") + opus_strerror(error),
                    Place::of_setting("channels", std::to_string(channels)));
    if (opus_encoder_ctl(encoder_.get(), OPUS_SET_BITRATE(bitrate)) != OPUS_OK)
        throw Error(ErrorKind::usage, "libopus refuses the bitrate",
                    Place::of_setting("bitrate", std::to_string(bitrate)));
    opus_encoder_ctl(encoder_.get(), OPUS_SET_SIGNAL(OPUS_SIGNAL_MUSIC));
    opus_encoder_ctl(encoder_.get(), OPUS_GET_LOOKAHEAD(&lookahead_));
}

OpusFrameEncoder::~OpusFrameEncoder() = default;

void OpusFrameEncoder::encode(const float* interleaved, std::vector<std::uint8_t>& packet) {
    packet.resize(1275);  // the largest Opus packet
    opus_int32 n = opus_encode_float(encoder_.get(), interleaved, frame_samples, packet.data(),
                                     static_cast<opus_int32>(packet.size()));
    if (n < 0) throw Error(ErrorKind::io, std::string("Opus encoding failed: ") + opus_strerror(n));
    packet.resize(static_cast<std::size_t>(n));
}

}  // namespace ambient
