// ambient-render's outputs: raw PCM as the music arrives, or a file normalised to the
// patch's loudness target.
//
// Loudness: a file can be measured before it is written, so the music is rendered once
// into a temporary store while it is measured, then mastered from the store with the gain
// that lands on the target (audio/mastering.hpp); if the limiter took loudness off, the
// mastering (not the music) runs once more to make it up. A stream cannot wait for its
// end, so it follows measured short-term loudness with a slow gain instead ("live"),
// starting from the patch's calibrated gain.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "audio/performance.hpp"
#include "audio/sound_file.hpp"
#include "core/pcm.hpp"

namespace ambient {

enum class LoudnessMode { measure, live, off };

// Progress: seconds of audio done and in all (0 when not known).
using Progress = std::function<void(double done, double total)>;

// The gain (dB) before the limiter that brings these phrases to the patch's loudness
// target, and how long the rendered piece is.
struct Normalisation {
    double gain_db = 0.0;
    double seconds = 0.0;
};
Normalisation normalise(const std::vector<Phrase>& phrases, const PerformanceSettings& s);

// Streams raw PCM to `fd` block by block as phrases arrive (blocking on a full pipe);
// with LoudnessMode::measure, once the music has ended (stored in $TMPDIR meanwhile).
// Returns the frames written. A malformed phrase (Error(data) from the source) ends the
// music: what came before it is played out with its tail, then the error is thrown.
long render_raw(int fd, const PcmFormat& format, PerformanceSettings s, LoudnessMode mode,
                PhraseSource source, const Progress& progress = {});

// Writes a sound file. With LoudnessMode::measure the music goes to a temporary store in
// the file's folder first (8 bytes a frame).
long render_file(const std::string& path, int channels, FileBits bits, PerformanceSettings s,
                 LoudnessMode mode, PhraseSource source, const Progress& progress = {});

}  // namespace ambient
