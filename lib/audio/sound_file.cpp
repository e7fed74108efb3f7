#include "audio/sound_file.hpp"

#include <sndfile.h>

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <exception>
#include <vector>

#include "audio/pcm_pack.hpp"
#include "core/error.hpp"
#include "core/io.hpp"
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

// libsndfile's view of the file: its small writes (a few KiB at a time) gathered into
// large ones, since a system call a few KiB costs more than encoding them. Seeks (the
// header at close) and reads write out what is gathered first. A failure cannot be thrown
// through libsndfile's C: it is kept, the call reports nothing done, and the writer
// throws it.
struct SoundFileWriter::BufferedOutput {
    static constexpr std::size_t capacity = std::size_t{1} << 20;
    int fd;
    std::string path;
    std::vector<char> pending;
    sf_count_t pending_at = 0, position = 0, length = 0;
    std::exception_ptr failure;  // the first write that failed

    BufferedOutput(int file, std::string name) : fd(file), path(std::move(name)) {
        pending.reserve(capacity);
    }

    bool flush() {
        if (failure) return false;
        try {
            if (!pending.empty()) {
                if (::lseek(fd, static_cast<off_t>(pending_at), SEEK_SET) < 0)
                    throw Error(ErrorKind::io, std::string("seek failed: ") + std::strerror(errno),
                                path);
                write_all(fd, {pending.data(), pending.size()}, path);
            }
        } catch (...) {
            failure = std::current_exception();
        }
        pending_at += static_cast<sf_count_t>(pending.size());
        pending.clear();
        return !failure;
    }
    static BufferedOutput& of(void* self) { return *static_cast<BufferedOutput*>(self); }
    static sf_count_t file_length(void* self) { return of(self).length; }
    static sf_count_t seek(sf_count_t offset, int whence, void* self) {
        BufferedOutput& o = of(self);
        const sf_count_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? o.position : o.length;
        o.position = std::max<sf_count_t>(base + offset, 0);
        return o.position;
    }
    static sf_count_t read(void* data, sf_count_t size, void* self) {
        BufferedOutput& o = of(self);
        if (!o.flush()) return 0;
        const ssize_t n = pread(o.fd, data, static_cast<std::size_t>(size), o.position);
        if (n <= 0) return 0;
        o.position += n;
        return n;
    }
    static sf_count_t write(const void* data, sf_count_t size, void* self) {
        BufferedOutput& o = of(self);
        const auto end = o.pending_at + static_cast<sf_count_t>(o.pending.size());
        if (o.position != end || o.pending.size() >= capacity) {
            if (!o.flush()) return 0;
            o.pending_at = o.position;
        }
        const auto* bytes = static_cast<const char*>(data);
        o.pending.insert(o.pending.end(), bytes, bytes + size);
        o.position += size;
        o.length = std::max(o.length, o.position);
        return size;
    }
    static sf_count_t tell(void* self) { return of(self).position; }
};

void SoundFileWriter::Close::operator()(sf_private_tag* f) const {
    sf_close(reinterpret_cast<SNDFILE*>(f));
}

SoundFileWriter::SoundFileWriter(const std::string& path, int rate, int channels, FileBits bits)
    : path_(path), channels_(channels) {
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
    output_ = std::make_unique<BufferedOutput>(target_->fd(), path);
    SF_VIRTUAL_IO io{BufferedOutput::file_length, BufferedOutput::seek, BufferedOutput::read,
                     BufferedOutput::write, BufferedOutput::tell};
    SNDFILE* f = sf_open_virtual(&io, SFM_WRITE, &info, output_.get());
    if (!f) throw Error(ErrorKind::io, std::string("cannot create: ") + sf_strerror(nullptr), path);
    file_.reset(reinterpret_cast<sf_private_tag*>(f));
    // Float input is already in [-1, 1]; clip rather than wrap anything a hair over.
    sf_command(f, SFC_SET_CLIPPING, nullptr, SF_TRUE);
    // PCM in a WAV file: the same bytes libsndfile would write, converted side by side.
    if (c->major == SF_FORMAT_WAV && (info.format & SF_FORMAT_SUBMASK) != SF_FORMAT_FLOAT)
        raw_bits_ = bits == FileBits::pcm16 ? 16 : 24;
}

SoundFileWriter::~SoundFileWriter() = default;
SoundFileWriter::SoundFileWriter(SoundFileWriter&&) noexcept = default;

void SoundFileWriter::write(const float* interleaved, long frames) {
    auto* f = reinterpret_cast<SNDFILE*>(file_.get());
    if (raw_bits_) {
        const std::size_t total =
            static_cast<std::size_t>(frames) * static_cast<std::size_t>(channels_);
        constexpr std::size_t chunk = 16384;  // samples
        const std::size_t step = pcm_bytes(raw_bits_);
        bytes_.resize(chunk * step);
        bool written = true;
        for (std::size_t at = 0; at < total && written; at += chunk) {
            const std::size_t n = std::min(chunk, total - at);
            pack_pcm_le(interleaved + at, n, raw_bits_, bytes_.data());
            const auto size = static_cast<sf_count_t>(n * step);
            written = sf_write_raw(f, bytes_.data(), size) == size;
        }
        if (written) return;
    } else if (sf_writef_float(f, interleaved, frames) == frames) {
        return;
    }
    if (output_->failure) std::rethrow_exception(output_->failure);
    throw Error(ErrorKind::io, std::string("write failed: ") + sf_strerror(f), path_);
}

void SoundFileWriter::close() {
    auto* f = reinterpret_cast<SNDFILE*>(file_.release());
    const bool closed = !f || sf_close(f) == 0;
    // What went wrong writing says more than libsndfile's failure to close.
    if (output_ && !output_->flush()) std::rethrow_exception(output_->failure);
    if (!closed) throw Error(ErrorKind::io, "close failed", path_);
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
