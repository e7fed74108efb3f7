#include "stream/pcm_input.hpp"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <string>
#include <thread>

#include "core/error.hpp"

namespace ambient {

PcmInput::PcmInput(PcmFormat format, RingBuffer<float>& ring, std::size_t limit)
    : format_(format), ring_(ring), limit_(std::min(limit, ring.capacity())), decoder_(format) {
    if (format.channels < 1 || format.channels > 2)
        throw Error(ErrorKind::usage, "the stream takes mono or stereo input",
                    Place::of_setting("channels", std::to_string(format.channels)));
    if (format.rate != stream_rate)
        resampler_ = std::make_unique<Resampler>(stream_channels, format.rate, stream_rate);
}

void PcmInput::to_stereo(std::vector<float>& samples) const {
    if (format_.channels == 2) return;
    std::vector<float> stereo(samples.size() * 2);
    for (std::size_t i = 0; i < samples.size(); ++i) stereo[2 * i] = stereo[2 * i + 1] = samples[i];
    samples.swap(stereo);
}

bool PcmInput::push(const std::vector<float>& stereo) {
    std::size_t done = 0;
    while (done < stereo.size()) {
        // Whole frames only, so the network side never sees half a frame.
        std::size_t size = ring_.size();
        std::size_t room = size < limit_ ? limit_ - size : 0;
        std::size_t n = std::min(room, stereo.size() - done) & ~std::size_t{1};
        if (n > 0) {
            std::size_t wrote = ring_.write(stereo.data() + done, n);
            done += wrote;
            frames_in_.fetch_add(wrote / 2, std::memory_order_relaxed);
            continue;
        }
        if (stop_.load(std::memory_order_relaxed)) return false;
        full_waits_.fetch_add(1, std::memory_order_relaxed);
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
}

bool PcmInput::read_some(int fd) {
    ssize_t n;
    do n = ::read(fd, bytes_.data(), bytes_.size());
    while (n < 0 && errno == EINTR);
    if (n < 0) {
        if (errno == EAGAIN) return true;
        throw Error(ErrorKind::io, std::strerror(errno), "stdin");
    }
    const bool last = n == 0;
    samples_.clear();
    decoder_.decode(std::string_view(bytes_.data(), static_cast<std::size_t>(n)), samples_);
    // NaN or infinity becomes silence and huge values are held: through the resampler's
    // filter either would make every later sample non-finite.
    if (std::size_t bad = sanitize_samples(samples_.data(), samples_.size()).replaced)
        non_finite_.fetch_add(bad, std::memory_order_relaxed);
    to_stereo(samples_);
    if (resampler_) {
        stereo_.clear();
        resampler_->process(samples_, stereo_, last);
        samples_.swap(stereo_);
    }
    push(samples_);
    return !last;
}

std::size_t PcmInput::end_input() {
    std::size_t dropped = decoder_.pending_bytes();
    decoder_ = PcmDecoder(format_);
    if (resampler_)
        resampler_ = std::make_unique<Resampler>(stream_channels, format_.rate, stream_rate);
    return dropped;
}

void PcmInput::run(int fd) {
    struct MarkFinished {
        PcmInput& input;
        ~MarkFinished() { input.finish(); }
    } mark{*this};

    for (;;) {
        pollfd p{fd, POLLIN, 0};
        int ready = ::poll(&p, 1, 50);
        if (stop_.load(std::memory_order_relaxed)) return;
        if (ready < 0 && errno != EINTR) throw Error(ErrorKind::io, std::strerror(errno), "stdin");
        if (ready <= 0) continue;
        if (!read_some(fd)) break;
        if (stop_.load(std::memory_order_relaxed)) return;
    }
    decoder_.expect_whole_frames("stdin");
}

}  // namespace ambient
