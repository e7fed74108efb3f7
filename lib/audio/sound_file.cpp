#include "audio/sound_file.hpp"

#include <sndfile.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "core/error.hpp"
#include "core/replacing_file.hpp"

namespace ambient {

namespace {
struct Container {
    const char* extension;
    int major;
    bool lossy;  // the codec sets its own sample format
};
constexpr std::array<Container, 6> containers = {{
    {".wav", SF_FORMAT_WAV, false},
    {".flac", SF_FORMAT_FLAC, false},
    {".aiff", SF_FORMAT_AIFF, false},
    {".aif", SF_FORMAT_AIFF, false},
    {".ogg", SF_FORMAT_OGG | SF_FORMAT_VORBIS, true},
    {".opus", SF_FORMAT_OGG | SF_FORMAT_OPUS, true},
}};

const Container* container_for(const std::string& path) {
    auto dot = path.rfind('.');
    if (dot == std::string::npos) return nullptr;
    std::string ext = path.substr(dot);
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    for (const Container& c : containers)
        if (ext == c.extension) return &c;
    return nullptr;
}
}  // namespace

std::string sound_file_extensions() {
    std::string list;
    for (const Container& c : containers)
        list += (list.empty() ? "" : ", ") + std::string(c.extension);
    return list;
}

void SoundFileWriter::Close::operator()(sf_private_tag* f) const {
    sf_close(reinterpret_cast<SNDFILE*>(f));
}

SoundFileWriter::SoundFileWriter(const std::string& path, int rate, int channels, FileBits bits)
    : path_(path) {
    const Container* c = container_for(path);
    if (!c)
        throw Error(ErrorKind::usage,
                    "unknown audio file extension (use " + sound_file_extensions() + ")", path);
    SF_INFO info{};
    info.samplerate = rate;
    info.channels = channels;
    info.format = c->major;
    if (!c->lossy) {
        int sub = bits == FileBits::pcm16   ? SF_FORMAT_PCM_16
                  : bits == FileBits::pcm24 ? SF_FORMAT_PCM_24
                                            : SF_FORMAT_FLOAT;
        if ((c->major & SF_FORMAT_TYPEMASK) == SF_FORMAT_FLAC && sub == SF_FORMAT_FLOAT)
            sub = SF_FORMAT_PCM_24;
        info.format |= sub;
    }
    if (!sf_format_check(&info))
        throw Error(ErrorKind::usage,
                    "libsndfile cannot write this format at " + std::to_string(rate) + " Hz", path);
    target_ = std::make_unique<ReplacingFile>(path);
    SNDFILE* f = sf_open_fd(target_->fd(), SFM_WRITE, &info, SF_FALSE);
    if (!f) throw Error(ErrorKind::io, std::string("cannot create: ") + sf_strerror(nullptr), path);
    file_.reset(reinterpret_cast<sf_private_tag*>(f));
    // Float input is already in [-1, 1]; clip rather than wrap anything a hair over.
    sf_command(f, SFC_SET_CLIPPING, nullptr, SF_TRUE);
}

SoundFileWriter::~SoundFileWriter() = default;
SoundFileWriter::SoundFileWriter(SoundFileWriter&&) noexcept = default;

void SoundFileWriter::write(const float* interleaved, long frames) {
    auto* f = reinterpret_cast<SNDFILE*>(file_.get());
    if (sf_writef_float(f, interleaved, frames) != frames)
        throw Error(ErrorKind::io, std::string("write failed: ") + sf_strerror(f), path_);
}

void SoundFileWriter::close() {
    auto* f = reinterpret_cast<SNDFILE*>(file_.release());
    if (f && sf_close(f) != 0) throw Error(ErrorKind::io, "close failed", path_);
    if (target_) target_->commit();
    target_.reset();
}

SoundFileData read_sound_file(const std::string& path) {
    SF_INFO info{};
    SNDFILE* f = sf_open(path.c_str(), SFM_READ, &info);
    if (!f)
        throw Error(ErrorKind::no_input, std::string("cannot read: ") + sf_strerror(nullptr), path);
    SoundFileData data;
    data.rate = info.samplerate;
    data.channels = info.channels;
    // Read to the end rather than trust the length: a streamed FLAC says "unknown" (SF_COUNT_MAX).
    constexpr sf_count_t chunk = 65536;
    std::size_t have = 0;
    for (;;) {
        data.samples.resize(have + static_cast<std::size_t>(chunk * info.channels));
        const sf_count_t n = sf_readf_float(f, data.samples.data() + have, chunk);
        have += static_cast<std::size_t>(std::max<sf_count_t>(n, 0) * info.channels);
        if (n < chunk) break;
    }
    data.samples.resize(have);
    sf_close(f);
    return data;
}

}  // namespace ambient
