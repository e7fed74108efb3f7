// A performance: phrases in, mastered stereo out, block by block.
//
// Phrases are asked for only when the music reaches them, so an endless pipe plays in
// real time with bounded memory. The output is the engine through a gain and the
// true-peak limiter, aligned so the first sample is the first sample of music (the
// limiter's look-ahead is taken back at the start and flushed at the end), and it ends
// when the last phrase and its tail have died away below -60 dBFS.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "audio/loudness.hpp"
#include "audio/playing.hpp"
#include "compose/control.hpp"
#include "control/control_file.hpp"
#include "phrase/phrase.hpp"
#include "synth/engine.hpp"
#include "synth/limiter.hpp"

namespace ambient {

using PhraseSource = std::function<std::optional<Phrase>()>;

struct PerformanceSettings {
    int rate = 48000;
    Patch patch;
    std::uint64_t seed = 0;
    float gain_db = 0.0f;  // applied before the limiter
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
};

class Performance {
  public:
    static constexpr int block = 512;

    Performance(const PerformanceSettings& s, PhraseSource source);

    // Writes up to `max_frames` interleaved stereo frames; returns how many, 0 at the end.
    int render(float* out, int max_frames);

    // Applies live control values now (what the control file would).
    void apply_control(const ControlValues& v);

    double seconds_rendered() const { return double(engine_.now()) / rate_; }
    double gain_db() const { return gain_db_; }
    int phrases() const { return phrases_; }

  private:
    void take_phrase_if_due(int frames);
    void follow_timbre(const Phrase& p);
    void morph_to(const std::string& preset_name, double seconds);
    void follow_loudness(const float* interleaved, int frames);
    int flush(float* out, int max_frames);

    PerformanceSettings s_;
    double rate_;
    PhraseSource source_;
    Engine engine_;
    Limiter limiter_;
    double next_start_ = 0.0;
    bool source_done_ = false;
    int phrases_ = 0;
    int to_skip_ = 0;        // limiter latency still to drop from the front
    int to_flush_ = -1;      // limiter latency to emit at the end (-1: not ending yet)
    long quiet_frames_ = 0;  // consecutive frames below -60 dBFS after the music
    double gain_db_;
    float gain_;
    std::optional<LoudnessMeter> meter_;
    long meter_frames_ = 0;
    double loudness_estimate_ = 0.0;
    bool have_estimate_ = false;
    std::vector<float> left_, right_;
    std::unique_ptr<ControlFile> control_file_;
    LiveControl control_;
    std::string timbre_problem_;  // told once
    double bpm_ = 0.0;            // tempo of the phrases scheduled last
    PlayingTracker playing_;
};

}  // namespace ambient
