// ambient-stream's input: raw PCM of any format a user may give (-f, -r, -c), cut anywhere,
// from a writer that may die inside a frame. The first two bytes pick the format; the rest
// is what comes down the pipe. Whatever it holds (NaN and infinity too), only finite
// samples reach the ring.
#include <fcntl.h>
#include <unistd.h>

#include <cmath>
#include <vector>

#include "core/pcm.hpp"
#include "fuzz_input.hpp"
#include "stream/pcm_input.hpp"
#include "stream/ring_buffer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    static const int rates[] = {8000, 11025, 22050, 32000, 44100, 48000, 88200, 96000};
    ambient::PcmFormat format;
    format.encoding = data[0] & 1 ? ambient::SampleEncoding::s16le : ambient::SampleEncoding::f32le;
    format.channels = 1 + (data[0] >> 1 & 1);
    format.rate = rates[data[1] % 8];
    data += 2;
    size -= 2;
    if (size > 8192) size = 8192;  // within one pipe: no writer thread needed
    int fds[2];
    if (::pipe(fds) != 0) return 0;
    std::size_t written = 0;
    while (written < size) {
        ssize_t n = ::write(fds[1], data + written, size - written);
        if (n <= 0) break;
        written += static_cast<std::size_t>(n);
    }
    ::close(fds[1]);
    // 8192 bytes at 8 kHz mono s16, as 48 kHz stereo; made once (zeroing it each run would
    // be most of the run) and left empty by every run.
    static ambient::RingBuffer<float> ring(1 << 17);
    static std::vector<float> out;
    ambient::PcmInput input(format, ring, ring.capacity());
    while (input.read_some(fds[0])) {
    }
    input.end_input();
    ::close(fds[0]);
    out.resize(ring.size());
    ring.read(out.data(), out.size());
    for (float x : out)
        if (!std::isfinite(x)) __builtin_trap();
    return 0;
}
