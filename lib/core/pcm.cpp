#include "core/pcm.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

#include "core/error.hpp"

namespace ambient {

static_assert(std::endian::native == std::endian::little,
              "PCM conversion assumes a little-endian machine");

std::optional<SampleEncoding> parse_encoding(std::string_view name) {
    if (name == "f32le") return SampleEncoding::f32le;
    if (name == "s16le") return SampleEncoding::s16le;
    return std::nullopt;
}

PcmEncoder::PcmEncoder(PcmFormat format, std::uint32_t dither_seed)
    : format_(format), dither_(dither_seed | 1u) {}

void PcmEncoder::encode(const float* stereo, int frames, std::string& out) {
    const int channels = format_.channels;
    std::size_t start = out.size();
    out.resize(start + static_cast<std::size_t>(frames) *
                           static_cast<std::size_t>(format_.bytes_per_frame()));
    char* dst = out.data() + start;
    auto uniform = [this] {
        dither_ ^= dither_ << 13;
        dither_ ^= dither_ >> 17;
        dither_ ^= dither_ << 5;
        return static_cast<float>(dither_ >> 8) * (1.0f / 16777216.0f);
    };
    for (int f = 0; f < frames; ++f) {
        float l = stereo[2 * f], r = stereo[2 * f + 1];
        for (int c = 0; c < channels; ++c) {
            float x = channels == 1 ? 0.5f * (l + r) : (c == 0 ? l : c == 1 ? r : 0.0f);
            if (format_.encoding == SampleEncoding::f32le) {
                std::memcpy(dst, &x, 4);
                dst += 4;
            } else {
                float scaled = x * 32767.0f + (uniform() - uniform());  // TPDF, one LSB peak
                auto s =
                    static_cast<std::int16_t>(std::lrint(std::clamp(scaled, -32768.0f, 32767.0f)));
                std::memcpy(dst, &s, 2);
                dst += 2;
            }
        }
    }
}

Sanitized sanitize_samples(float* samples, std::size_t n) {
    constexpr float loudest = 1e6f;
    Sanitized s;
    for (std::size_t i = 0; i < n; ++i) {
        float& x = samples[i];
        if (std::isfinite(x)) {
            x = std::clamp(x, -loudest, loudest);
        } else {
            if (s.replaced++ == 0) s.first = i;
            x = 0.0f;
        }
    }
    return s;
}

void PcmDecoder::decode(std::string_view bytes, std::vector<float>& out) {
    const auto frame = static_cast<std::size_t>(format_.bytes_per_frame());
    carry_.append(bytes);
    std::size_t whole = carry_.size() / frame * frame;
    const char* src = carry_.data();
    for (std::size_t i = 0; i < whole; i += static_cast<std::size_t>(format_.bytes_per_sample())) {
        if (format_.encoding == SampleEncoding::f32le) {
            float x;
            std::memcpy(&x, src + i, 4);
            out.push_back(x);
        } else {
            std::int16_t s;
            std::memcpy(&s, src + i, 2);
            out.push_back(static_cast<float>(s) / 32768.0f);
        }
    }
    carry_.erase(0, whole);
}

void PcmDecoder::expect_whole_frames(const std::string& where) const {
    if (carry_.empty()) return;
    throw Error(ErrorKind::data,
                "input ends inside a frame: " + std::to_string(carry_.size()) +
                    " trailing bytes of a " + std::to_string(format_.bytes_per_frame()) +
                    "-byte frame",
                where);
}

}  // namespace ambient
