// Raw PCM as DESIGN.md fixes it: interleaved, no header, f32le or s16le, any rate and
// channel count, described entirely by flags.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ambient {

enum class SampleEncoding { f32le, s16le };

struct PcmFormat {
    SampleEncoding encoding = SampleEncoding::f32le;
    int rate = 48000;
    int channels = 2;
    int bytes_per_sample() const { return encoding == SampleEncoding::f32le ? 4 : 2; }
    int bytes_per_frame() const { return bytes_per_sample() * channels; }
};

std::optional<SampleEncoding> parse_encoding(std::string_view name);

// Stereo float frames -> bytes in `format` (mono: the average of both sides). s16 gets
// triangular dither from a seeded source, so output stays byte-identical run to run.
class PcmEncoder {
  public:
    explicit PcmEncoder(PcmFormat format, std::uint32_t dither_seed = 1);
    // Appends `frames` stereo frames (interleaved L R) to `out`.
    void encode(const float* stereo, int frames, std::string& out);

  private:
    PcmFormat format_;
    std::uint32_t dither_;
};

// Outside audio made safe for filters: NaN and infinity become silence, and finite samples
// are held within 120 dB over full scale (1e6), where no filter's sums can overflow.
struct Sanitized {
    std::size_t replaced = 0;  // samples that were NaN or infinite
    std::size_t first = 0;     // the index of the first of them
};
Sanitized sanitize_samples(float* samples, std::size_t n);

// Bytes in `format` -> float frames with the same channel count. Keeps a partial frame
// between calls; `pending_bytes()` at EOF says whether the input ended mid-frame.
class PcmDecoder {
  public:
    explicit PcmDecoder(PcmFormat format) : format_(format) {}
    // Appends the whole frames in `bytes` (plus any carried over) to `out`, interleaved.
    void decode(std::string_view bytes, std::vector<float>& out);
    std::size_t pending_bytes() const { return carry_.size(); }
    // At the end of the input: Error(data) naming `where` if it ended inside a frame.
    void expect_whole_frames(const std::string& where) const;

  private:
    PcmFormat format_;
    std::string carry_;
};

}  // namespace ambient
