#include "stream/opus_encoder.hpp"

#include <gtest/gtest.h>
#include <opus/opus.h>

#include <cmath>
#include <random>

namespace ambient {
namespace {

TEST(Opus, RoundTripThroughLibopusKeepsTheSignal) {
    OpusFrameEncoder enc(2, 96000);
    int error = 0;
    OpusDecoder* dec = opus_decoder_create(48000, 2, &error);
    ASSERT_EQ(error, OPUS_OK);
    // Two seconds of a chord of sines with a little noise.
    std::mt19937 gen(1);
    std::normal_distribution<float> noise(0.0f, 0.01f);
    const int frames = 100;
    std::vector<float> in(static_cast<std::size_t>(frames * 960 * 2)), out(in.size());
    for (std::size_t i = 0; i < in.size() / 2; ++i) {
        float t = float(i) / 48000.0f;
        float x = 0.2f * std::sin(6.2831853f * 220.0f * t) +
                  0.15f * std::sin(6.2831853f * 330.0f * t) +
                  0.1f * std::sin(6.2831853f * 1760.0f * t) + noise(gen);
        in[2 * i] = x;
        in[2 * i + 1] = 0.8f * x;
    }
    std::vector<std::uint8_t> packet;
    std::size_t bytes = 0;
    for (int f = 0; f < frames; ++f) {
        enc.encode(&in[static_cast<std::size_t>(f * 960 * 2)], packet);
        bytes += packet.size();
        int n = opus_decode_float(dec, packet.data(), static_cast<opus_int32>(packet.size()),
                                  &out[static_cast<std::size_t>(f * 960 * 2)], 960, 0);
        ASSERT_EQ(n, 960);
    }
    opus_decoder_destroy(dec);
    // The decoder lags by the encoder's look-ahead; compare after the first 100 ms.
    auto lag = static_cast<std::size_t>(enc.lookahead());
    double signal = 0, err = 0;
    for (std::size_t i = 4800; i + lag < in.size() / 2; ++i)
        for (int c = 0; c < 2; ++c) {
            double a = in[2 * i + c], b = out[2 * (i + lag) + c];
            signal += a * a;
            err += (a - b) * (a - b);
        }
    double snr = 10.0 * std::log10(signal / err);
    EXPECT_GT(snr, 20.0) << "SNR " << snr << " dB";
    double kbps = bytes * 8.0 / 2.0 / 1000.0;
    EXPECT_NEAR(kbps, 96.0, 20.0) << "bitrate";
    RecordProperty("opus_snr_db", std::to_string(snr));
}

TEST(Opus, RefusesWhatLibopusCannotDo) {
    EXPECT_ANY_THROW(OpusFrameEncoder(3, 96000));
}

}  // namespace
}  // namespace ambient
