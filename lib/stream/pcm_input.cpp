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

PcmInput::PcmInput(int fd, PcmFormat format, RingBuffer<float>& ring, std::size_t limit)
    : fd_(fd),
      format_(format),
      ring_(ring),
      limit_(std::min(limit, ring.capacity())),
      decoder_(format) {
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
            done += ring_.write(stereo.data() + done, n);
            continue;
        }
        if (stop_.load(std::memory_order_relaxed)) return false;
        full_waits_.fetch_add(1, std::memory_order_relaxed);
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    frames_in_.fetch_add(stereo.size() / 2, std::memory_order_relaxed);
    return true;
}

void PcmInput::run() {
    struct MarkFinished {
        std::atomic<bool>& flag;
        ~MarkFinished() { flag.store(true, std::memory_order_release); }
    } mark{finished_};

    std::string bytes(16384, '\0');
    std::vector<float> samples, stereo;
    for (;;) {
        pollfd p{fd_, POLLIN, 0};
        int ready = ::poll(&p, 1, 50);
        if (stop_.load(std::memory_order_relaxed)) return;
        if (ready < 0 && errno != EINTR) throw Error(ErrorKind::io, std::strerror(errno), "stdin");
        if (ready <= 0) continue;
        ssize_t n = ::read(fd_, bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            throw Error(ErrorKind::io, std::strerror(errno), "stdin");
        }
        const bool last = n == 0;
        samples.clear();
        decoder_.decode(std::string_view(bytes.data(), static_cast<std::size_t>(n)), samples);
        to_stereo(samples);
        if (resampler_) {
            stereo.clear();
            resampler_->process(samples, stereo, last);
            samples.swap(stereo);
        }
        if (!push(samples)) return;
        if (last) break;
    }
    decoder_.expect_whole_frames("stdin");
}

}  // namespace ambient
