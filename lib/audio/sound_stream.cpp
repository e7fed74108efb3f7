#include "audio/sound_stream.hpp"

#include <sndfile.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "core/error.hpp"

namespace ambient {

// libsndfile's view of the download: a file that only grows. What it writes over bytes
// already handed on (lengths filled in at close) is dropped.
struct SoundStreamWriter::Output {
    Sink sink;
    sf_count_t position = 0, length = 0;

    static sf_count_t file_length(void* self) { return static_cast<Output*>(self)->length; }
    static sf_count_t seek(sf_count_t offset, int whence, void* self) {
        auto* o = static_cast<Output*>(self);
        const sf_count_t base = whence == SEEK_SET   ? 0
                                : whence == SEEK_CUR ? o->position
                                                     : o->length;
        o->position = std::clamp<sf_count_t>(base + offset, 0, o->length);
        return o->position;
    }
    static sf_count_t read(void*, sf_count_t, void*) { return 0; }
    static sf_count_t write(const void* data, sf_count_t size, void* self) {
        auto* o = static_cast<Output*>(self);
        const auto* bytes = static_cast<const char*>(data);
        const sf_count_t over = std::min(size, o->length - o->position);  // already gone
        o->position += over;
        if (size > over) {
            o->sink(bytes + over, static_cast<std::size_t>(size - over));
            o->position += size - over;
            o->length = o->position;
        }
        return size;
    }
    static sf_count_t tell(void* self) { return static_cast<Output*>(self)->position; }
};

void SoundStreamWriter::Close::operator()(sf_private_tag* f) const {
    sf_close(reinterpret_cast<SNDFILE*>(f));
}

bool SoundStreamWriter::known_format(const std::string& format) {
    return format == "wav" || format == "flac" || format == "opus" || format == "ogg";
}

std::string SoundStreamWriter::content_type(const std::string& format) {
    if (format == "wav") return "audio/wav";
    if (format == "flac") return "audio/flac";
    return "audio/ogg";
}

namespace {
constexpr int wav_bytes = 3;  // 24-bit samples
constexpr int wav_header = 44;
void put_u32(std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}
void put_u16(std::string& out, std::uint16_t v) {
    out += static_cast<char>(v & 0xff);
    out += static_cast<char>(v >> 8);
}
}  // namespace

long long SoundStreamWriter::size(const std::string& format, long frames, int channels) {
    return format == "wav" ? wav_header + static_cast<long long>(frames) * channels * wav_bytes
                           : -1;
}

SoundStreamWriter::SoundStreamWriter(const std::string& format, int rate, int channels, long frames,
                                     Sink sink)
    : format_(format), channels_(channels), frames_(frames), sink_(std::move(sink)) {
    if (!known_format(format))
        throw Error(ErrorKind::usage,
                    "unknown format \"" + format + "\" (use wav, flac, opus or ogg)");
    if (format == "wav") {
        // The canonical 44-byte header, lengths and all, since nothing can be filled in later.
        const auto data = static_cast<std::uint32_t>(frames * channels * wav_bytes);
        std::string h = "RIFF";
        put_u32(h, 36 + data);
        h += "WAVEfmt ";
        put_u32(h, 16);
        put_u16(h, 1);  // PCM
        put_u16(h, static_cast<std::uint16_t>(channels));
        put_u32(h, static_cast<std::uint32_t>(rate));
        put_u32(h, static_cast<std::uint32_t>(rate * channels * wav_bytes));
        put_u16(h, static_cast<std::uint16_t>(channels * wav_bytes));
        put_u16(h, 8 * wav_bytes);
        h += "data";
        put_u32(h, data);
        sink_(h.data(), h.size());
        return;
    }
    output_ = std::make_unique<Output>();
    output_->sink = sink_;
    SF_INFO info{};
    info.samplerate = rate;
    info.channels = channels;
    info.format = format == "flac"   ? SF_FORMAT_FLAC | SF_FORMAT_PCM_24
                  : format == "opus" ? SF_FORMAT_OGG | SF_FORMAT_OPUS
                                     : SF_FORMAT_OGG | SF_FORMAT_VORBIS;
    SF_VIRTUAL_IO io{&Output::file_length, &Output::seek, &Output::read, &Output::write,
                     &Output::tell};
    SNDFILE* f = sf_open_virtual(&io, SFM_WRITE, &info, output_.get());
    if (!f)
        throw Error(ErrorKind::usage, "libsndfile cannot make " + format + " at " +
                                          std::to_string(rate) + " Hz: " + sf_strerror(nullptr));
    file_.reset(reinterpret_cast<sf_private_tag*>(f));
    sf_command(f, SFC_SET_CLIPPING, nullptr, SF_TRUE);
}

SoundStreamWriter::~SoundStreamWriter() = default;

void SoundStreamWriter::write_wav(const float* interleaved, long frames) {
    frames = std::min(frames, frames_ - written_);  // never past what the header says
    std::string out;
    out.reserve(static_cast<std::size_t>(frames * channels_ * wav_bytes));
    for (long i = 0; i < frames * channels_; ++i) {
        const float x = interleaved ? std::clamp(interleaved[i], -1.0f, 1.0f) : 0.0f;
        const auto v = static_cast<std::int32_t>(std::lrint(x * 8388607.0f));
        for (int b = 0; b < wav_bytes; ++b) out += static_cast<char>((v >> (8 * b)) & 0xff);
    }
    written_ += frames;
    sink_(out.data(), out.size());
}

void SoundStreamWriter::write(const float* interleaved, long frames) {
    if (format_ == "wav") return write_wav(interleaved, frames);
    auto* f = reinterpret_cast<SNDFILE*>(file_.get());
    if (!f) return;
    if (sf_writef_float(f, interleaved, frames) != frames)
        throw Error(ErrorKind::io, std::string("encoding failed: ") + sf_strerror(f));
}

void SoundStreamWriter::close() {
    if (format_ == "wav") {
        while (written_ < frames_) write_wav(nullptr, std::min(frames_ - written_, 4096L));
        return;
    }
    file_.reset();  // the codec's last pages go out through the sink
}

}  // namespace ambient
