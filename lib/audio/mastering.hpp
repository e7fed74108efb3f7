// Files at the loudness target from one pass of the music. The engine's output (before
// any gain or limiting) goes to a temporary file of float frames while its integrated
// loudness is measured; the gain that lands on the target is then known, and the gain
// and the true-peak limiter are applied as the frames are read back and written out.
// Memory stays bounded however long the piece (8 bytes a frame on disk, in the output's
// folder, gone when done, even if the program is killed).
#pragma once

#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "synth/limiter.hpp"

namespace ambient {

class SampleStore {
  public:
    // An unnamed temporary file in `folder` (else in $TMPDIR or /tmp); Error(io) naming the
    // folder if none can be made.
    explicit SampleStore(const std::string& folder);
    ~SampleStore();
    SampleStore(const SampleStore&) = delete;
    SampleStore& operator=(const SampleStore&) = delete;
    // Interleaved stereo frames at the end; Error(io) on failure (a full disk).
    void write(const float* stereo, std::size_t frames);
    // Back to the first frame, for reading.
    void rewind();
    // Up to `max` frames, where the store holds them (until the next read or write); 0 at
    // the end.
    std::size_t read(const float*& stereo, std::size_t max);
    std::size_t frames() const { return frames_; }

  private:
    void flush();
    int fd_ = -1;
    std::string folder_;
    std::vector<float> buffer_;
    std::size_t frames_ = 0, buffered_ = 0, read_at_ = 0, read_end_ = 0;
};

// Sends the stored frames through the gain and the limiter to `sink` (interleaved stereo,
// aligned with the store: the limiter's look-ahead is taken back; none: a trial). Says
// whether the limiter had anything to do and, when asked to `measure`, the integrated
// loudness of the result (while the limiter does nothing it is the store's plus the gain).
using StereoSink = std::function<void(const float* stereo, int frames)>;
struct Mastered {
    bool limited = false;
    double lufs = -200.0;
};
Mastered master_from_store(SampleStore& store, int rate, double gain_db,
                           const LimiterSettings& limiter, const StereoSink& sink, bool measure);

}  // namespace ambient
