// A performance: phrases in, mastered stereo out, block by block. It wires the pieces:
// the phrase feed (phrases asked for as the music reaches them), live control (the
// control file, and which of its fields still hold over a phrase), the timbre, loudness
// followed while playing, the master chain (a gain and the true-peak limiter, as one
// EffectChain that lines the output up with the music and lets out its look-ahead at the
// end), the tail (the music ends when the last phrase has died away below -60 dBFS) and
// what is playing.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "audio/loudness_follower.hpp"
#include "audio/phrase_feed.hpp"
#include "audio/playing.hpp"
#include "audio/timbre_follower.hpp"
#include "compose/control.hpp"
#include "control/control_file.hpp"
#include "phrase/phrase.hpp"
#include "synth/effect_chain.hpp"
#include "synth/engine.hpp"
#include "synth/gain.hpp"
#include "synth/tail.hpp"

namespace ambient {

struct PerformanceSettings {
    int rate = 48000;
    Patch patch;
    std::uint64_t seed = 0;
    // The run's sample this performance starts at (a replay from mid-run: Engine::set_origin).
    std::int64_t origin = 0;
    float gain_db = 0.0f;  // applied before the limiter
    // false: the engine's output as it is, without the gain and the limiter (for a file
    // mastered after the music has been measured: audio/mastering.hpp).
    bool mastered = true;
    // Follow loudness while playing: the gain glides toward the patch's target as
    // short-term loudness is measured (for live output, where no second pass exists).
    bool follow_loudness = false;
    float max_tail_seconds = 60.0f;
    // A control file to follow while playing: tempo, key and intensity change within the
    // block after the file does (empty: none).
    std::string control_file;
    ControlFile::Warn warn;  // says when the control file is missing or bad
    // The user's --patch over each preset a phrase or the control file names (a JSON
    // object of sections, as a patch file).
    Json patch_overrides = Json::object();
    // Seconds a timbre change takes when nothing says how long (a listener's choice).
    double morph_seconds = 4.0;
    // Told what is playing (a JSON line, see PlayingTracker) as the output reaches it.
    std::function<void(const std::string&)> on_playing;
    // Told each phrase as it is scheduled (after live control), with its first sample, the
    // sample being made now and the gain then, and every control change with the sample it
    // takes effect at: what a history keeps (history/history_recorder.hpp) to play the same
    // again.
    std::function<void(const Phrase&, double start, std::int64_t now, double gain_db)> on_scheduled;
    std::function<void(const ControlValues& all, std::int64_t sample)> on_control;
};

class Performance {
  public:
    static constexpr int block = 512;

    Performance(const PerformanceSettings& s, PhraseSource source);

    // Writes up to `max_frames` interleaved stereo frames; returns how many, 0 at the end.
    int render(float* out, int max_frames);

    // Applies live control values now (what the control file would).
    void apply_control(const ControlValues& v);
    // Applies them when the music reaches `sample` (replaying a history), at the first
    // block boundary at or after it.
    void apply_control_at(std::int64_t sample, const ControlValues& v);

    double seconds_rendered() const { return double(engine_.now()) / rate_; }
    double gain_db() const { return gain_db_; }
    int phrases() const { return feed_.phrases(); }

  private:
    void take(Phrase& p, double start);
    int output(float* out, int frames);

    PerformanceSettings s_;
    double rate_;
    Engine engine_;
    PhraseFeed feed_;
    TimbreFollower timbre_;
    std::unique_ptr<ControlFile> control_file_;
    LiveControl control_;
    std::optional<LoudnessFollower> loudness_;
    double gain_db_;
    EffectChain master_;
    Gain* gain_ = nullptr;  // in master_
    TailDetector tail_;
    bool ending_ = false;
    PlayingTracker playing_;
    std::vector<std::pair<std::int64_t, ControlValues>> due_controls_;  // by sample
    std::vector<float> left_, right_;
};

}  // namespace ambient
