// Sound files as written: PCM WAV converted by our own packer must be the very bytes
// libsndfile writes itself (clipping on), at 16 and 24 bits, edges and all.
#include <gtest/gtest.h>
#include <sndfile.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "audio/pcm_pack.hpp"
#include "audio/sound_file.hpp"

namespace ambient {
namespace {

std::string bytes_of(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

// Full scale and past it, the rounding edges of both widths (halves of a step, either
// sign), the smallest values, and a long stretch of music-like samples.
std::vector<float> awkward_samples() {
    std::vector<float> x = {0.0f,         -0.0f, 1.0f,   -1.0f,  1.5f,    -1.5f, 0.99999994f,
                            -0.99999994f, 1e-9f, -1e-9f, 1e-30f, -1e-30f, 0.3f,  -0.3f};
    for (float steps : {32768.0f, 8388608.0f})
        for (float half : {0.5f, 1.5f, 2.5f, 3.5f, steps - 0.5f, steps - 1.5f}) {
            x.push_back(half / steps);
            x.push_back(-half / steps);
        }
    // Where rounding to nearest (ties to even) and the floor that takes the top bits meet:
    // a hair under and on the half-way of a whole step of the lower bits.
    for (float low : {256.0f, 65536.0f})
        for (float k : {1.0f, 2.0f, 3.0f})
            for (float off : {-0.75f, -0.5f, -0.25f, 0.25f, 0.5f, 0.75f, 1.5f}) {
                x.push_back((low * k + off) / 2147483648.0f);
                x.push_back(-(low * k + off) / 2147483648.0f);
            }
    // The lowest scaled values, either side of zero, in tenths of a step of 32 bits.
    for (int tenths = -6000; tenths <= 6000; ++tenths)
        x.push_back(float(tenths) * 0.1f / 2147483648.0f);
    // Ties just under 2^23 (the largest scaled values that can hold a fraction).
    for (float y : {4194304.5f, 6291457.5f, 8388606.5f, 8388607.5f, 8388608.0f, 8388609.0f}) {
        x.push_back(y / 2147483648.0f);
        x.push_back(-y / 2147483648.0f);
    }
    for (int i = 0; i < 20000; ++i)
        x.push_back(1.05f * std::sin(float(i) * 0.0371f) * std::cos(float(i) * 0.0013f) +
                    1e-7f * float(i % 97));
    return x;
}

TEST(SoundFile, PcmWavIsTheBytesLibsndfileWrites) {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("ambient_sound_file_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::vector<float> x = awkward_samples();
    const long frames = static_cast<long>(x.size() / 2);
    for (FileBits bits : {FileBits::pcm16, FileBits::pcm24}) {
        const std::string ours = (dir / "ours.wav").string(),
                          theirs = (dir / "theirs.wav").string();
        SoundFileWriter writer(ours, 48000, 2, bits);
        // In pieces of any length, as a render writes (whole eights of samples and not).
        writer.write(x.data(), 333);
        writer.write(x.data() + 666, 1);
        writer.write(x.data() + 668, frames - 334);
        writer.close();

        SF_INFO info{};
        info.samplerate = 48000;
        info.channels = 2;
        info.format =
            SF_FORMAT_WAV | (bits == FileBits::pcm16 ? SF_FORMAT_PCM_16 : SF_FORMAT_PCM_24);
        SNDFILE* f = sf_open(theirs.c_str(), SFM_WRITE, &info);
        ASSERT_NE(f, nullptr);
        sf_command(f, SFC_SET_CLIPPING, nullptr, SF_TRUE);
        ASSERT_EQ(sf_writef_float(f, x.data(), frames), frames);
        sf_close(f);

        const std::string a = bytes_of(ours), b = bytes_of(theirs);
        ASSERT_EQ(a.size(), b.size()) << (bits == FileBits::pcm16 ? 16 : 24) << " bits";
        EXPECT_TRUE(a == b) << (bits == FileBits::pcm16 ? 16 : 24) << " bits";
        // And it reads back as what went in, to the step.
        const SoundFileData back = read_sound_file(ours);
        ASSERT_EQ(back.samples.size(), x.size() / 2 * 2);
        const float step = bits == FileBits::pcm16 ? 1.0f / 32768 : 1.0f / 8388608;
        for (std::size_t i = 0; i < back.samples.size(); ++i)
            ASSERT_NEAR(back.samples[i], std::clamp(x[i], -1.0f, 1.0f), step * 1.01f) << i;
    }
    std::filesystem::remove_all(dir);
}

TEST(SoundFile, PackerWritesOnlyItsOwnBytes) {
    // Eight samples go out in one store of their bytes: nothing before the output or past
    // its last sample is touched, whatever the count.
    for (std::size_t count : {1u, 7u, 8u, 37u}) {
        const std::vector<float> x(count, 0.5f);
        for (int bits : {16, 24}) {
            std::vector<unsigned char> out(count * pcm_bytes(bits) + 40, 0xAB);
            pack_pcm_le(x.data(), count, bits, out.data() + 2);
            EXPECT_EQ(out[0], 0xAB);
            EXPECT_EQ(out[1], 0xAB);
            for (std::size_t i = 2 + count * pcm_bytes(bits); i < out.size(); ++i)
                ASSERT_EQ(out[i], 0xAB) << count << " samples of " << bits << " bits, byte " << i;
        }
    }
}

}  // namespace
}  // namespace ambient
