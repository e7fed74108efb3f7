#include "audio/mastering.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "audio/k_weighting.hpp"
#include "core/error.hpp"
#include "core/io.hpp"
#include "synth/dsp.hpp"
#include "synth/effect_chain.hpp"

namespace ambient {

namespace {
constexpr std::size_t buffer_frames = 1 << 17;  // 1 MiB of stereo floats per system call

[[noreturn]] void fail(const std::string& what, const std::string& folder) {
    throw Error(ErrorKind::io, "temporary file: " + what + ": " + std::strerror(errno), folder);
}
}  // namespace

namespace {
// An unnamed temporary file in `folder`, or -1.
int temporary_file(const std::string& folder) {
    int fd = ::open(folder.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0) return fd;
    // A file system without O_TMPFILE: a named file, unlinked at once.
    std::string path = folder + "/.ambient-render-XXXXXX";
    fd = ::mkostemp(path.data(), O_CLOEXEC);
    if (fd >= 0) ::unlink(path.c_str());
    return fd;
}
}  // namespace

SampleStore::SampleStore(const std::string& folder)
    : folder_(folder.empty() ? "." : folder), buffer_(2 * buffer_frames) {
    fd_ = temporary_file(folder_);
    if (fd_ >= 0) return;
    // A folder we may not write to (a file written into someone else's folder): $TMPDIR.
    const char* tmpdir = std::getenv("TMPDIR");
    const std::string fallback = tmpdir && *tmpdir ? tmpdir : "/tmp";
    fd_ = temporary_file(fallback);
    if (fd_ < 0) fail("cannot create one here or in " + fallback, folder_);
}

SampleStore::~SampleStore() {
    if (fd_ >= 0) ::close(fd_);
}

void SampleStore::flush() {
    write_all(fd_, {reinterpret_cast<const char*>(buffer_.data()), buffered_ * 2 * sizeof(float)},
              "temporary file in " + folder_);
    buffered_ = 0;
}

void SampleStore::write(const float* stereo, std::size_t frames) {
    while (frames > 0) {
        const std::size_t n = std::min(frames, buffer_frames - buffered_);
        std::memcpy(buffer_.data() + 2 * buffered_, stereo, n * 2 * sizeof(float));
        buffered_ += n;
        frames_ += n;
        stereo += 2 * n;
        frames -= n;
        if (buffered_ == buffer_frames) flush();
    }
}

void SampleStore::rewind() {
    flush();
    if (::lseek(fd_, 0, SEEK_SET) < 0) fail("seek failed", folder_);
    read_at_ = read_end_ = 0;
}

std::size_t SampleStore::read(const float*& stereo, std::size_t max) {
    if (read_at_ == read_end_) {
        ssize_t n;
        do n = ::read(fd_, buffer_.data(), buffer_.size() * sizeof(float));
        while (n < 0 && errno == EINTR);
        if (n < 0) fail("read failed", folder_);
        read_at_ = 0;
        read_end_ = static_cast<std::size_t>(n) / (2 * sizeof(float));
        if (read_end_ == 0) return 0;
    }
    const std::size_t n = std::min(max, read_end_ - read_at_);
    stereo = buffer_.data() + 2 * read_at_;
    read_at_ += n;
    return n;
}

Mastered master_from_store(SampleStore& store, int rate, double gain_db,
                           const LimiterSettings& limiter_settings, const StereoSink& sink,
                           bool measure) {
    EffectChain chain{float(rate)};
    // The gain as the frames are taken apart (a Gain that does not glide: the same products).
    const float gain = dsp::db_to_gain(float(gain_db));
    auto limiter = std::make_unique<Limiter>();
    limiter->init(float(rate), limiter_settings);
    const Limiter& limits = chain.add(std::move(limiter));
    IntegratedLoudness meter(rate);
    constexpr int block = 4096;
    std::vector<float> stereo(2 * block), left(block), right(block);
    auto send = [&](int n) {
        for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i) {
            stereo[2 * i] = left[i];
            stereo[2 * i + 1] = right[i];
        }
        if (measure) meter.add(stereo.data(), static_cast<std::size_t>(n));
        if (n > 0 && sink) sink(stereo.data(), n);
    };
    store.rewind();
    const float* stored = nullptr;
    while (const std::size_t got = store.read(stored, block)) {
        for (std::size_t i = 0; i < got; ++i) {
            left[i] = stored[2 * i] * gain;
            right[i] = stored[2 * i + 1] * gain;
        }
        send(chain.process(left.data(), right.data(), static_cast<int>(got)));
    }
    while (const int n = chain.drain(left.data(), right.data(), block)) send(n);
    return {limits.limited(), measure ? meter.integrated() : -200.0};
}

}  // namespace ambient
