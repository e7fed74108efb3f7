#include "audio/performance.hpp"

#include "compose/pitch.hpp"
#include "core/error.hpp"

#include <algorithm>
#include <cmath>

#include "synth/dsp.hpp"

namespace ambient {

Performance::Performance(const PerformanceSettings& s, PhraseSource source)
    : s_(s),
      rate_(s.rate),
      source_(std::move(source)),
      engine_(float(s.rate), s.patch, s.seed),
      gain_db_(s.gain_db),
      gain_(dsp::db_to_gain(s.gain_db)),
      left_(block),
      right_(block) {
    limiter_.init(float(s.rate), 2, LimiterSettings{s.patch.master.true_peak});
    playing_.set_default_preset(s.patch.name);
    to_skip_ = limiter_.latency();
    if (s.follow_loudness) meter_.emplace(s.rate, 2);
    if (!s.control_file.empty()) {
        control_file_ = std::make_unique<ControlFile>(s.control_file, s.warn);
        // Values already there shape the first phrase (no tempo to stretch yet).
        if (control_file_->refresh()) apply_control(control_file_->values());
    }
}

void Performance::take_phrase_if_due(int frames) {
    // The next phrase is needed when this block reaches its start.
    while (!source_done_ && double(engine_.now() + frames) > next_start_) {
        std::optional<Phrase> p = source_();
        if (!p) {
            source_done_ = true;
            break;
        }
        const bool caught_up = p->control_version && !control_is_newer(*p, control_.values());
        control_.apply(*p);
        if (caught_up) {
            // Composed knowing the last change: the phrase's own values hold again.
            engine_.set_intensity(std::nullopt);
            const auto key = parse_pitch_class(p->key);
            const auto held =
                control_.values().key ? parse_pitch_class(*control_.values().key) : std::nullopt;
            if (held && key != held) engine_.set_key(std::nullopt);
        }
        follow_timbre(*p);
        bpm_ = p->bpm;
        engine_.schedule(*p, next_start_);
        if (s_.on_playing) {
            // What is heard: a phrase composed before a key change sounds in the new key.
            Phrase heard = *p;
            if (engine_.transposes() && control_.values().key) heard.key = *control_.values().key;
            playing_.phrase(heard, next_start_, 60.0 / p->bpm * rate_);
        }
        next_start_ += engine_.phrase_samples(*p);
        ++phrases_;
    }
}

void Performance::morph_to(const std::string& name, double seconds) {
    if (name == engine_.target_patch().name) return;
    try {
        Patch target = patch_from_json(s_.patch_overrides, preset(name));
        target.name = name;
        engine_.morph_to(target, seconds);
    } catch (const Error& e) {
        const std::string problem = std::string("cannot play preset \"") + name + "\": " + e.what();
        if (problem != timbre_problem_ && s_.warn) s_.warn(problem, "phrase");
        timbre_problem_ = problem;
    }
}

void Performance::follow_timbre(const Phrase& p) {
    if (!p.preset) return;
    double seconds = p.preset_glide ? *p.preset_glide * 60.0 / p.bpm : s_.morph_seconds;
    morph_to(*p.preset, engine_.now() == 0 ? 0.0 : seconds);  // the first phrase: at once
}

void Performance::apply_control(const ControlValues& all) {
    const ControlValues v = control_.follow(all);  // what changed
    if (s_.on_playing) playing_.control(v, engine_.now());
    if (v.intensity) engine_.set_intensity(float(*v.intensity));
    if (v.key) engine_.set_key(parse_pitch_class(*v.key));
    if (v.preset) morph_to(*v.preset, engine_.now() == 0 ? 0.0 : s_.morph_seconds);
    if (v.bpm && bpm_ > 0.0 && *v.bpm != bpm_) {
        // What is scheduled and not yet played follows the new tempo from now.
        const double factor = bpm_ / *v.bpm;
        engine_.stretch(factor, *v.bpm);
        playing_.stretch(engine_.now(), factor);
        const double now = double(engine_.now());
        if (next_start_ > now) next_start_ = now + (next_start_ - now) * factor;
        bpm_ = *v.bpm;
    }
}

void Performance::follow_loudness(const float* interleaved, int frames) {
    // Measure what the engine makes (before the gain), so the loop has no feedback.
    meter_->add(interleaved, static_cast<std::size_t>(frames));
    meter_frames_ += frames;
    const long step = static_cast<long>(rate_ / 2);  // look twice a second
    if (meter_frames_ < step) return;
    meter_frames_ -= step;
    double st = meter_->short_term();
    if (st < -60.0) return;  // silence says nothing about level
    loudness_estimate_ = have_estimate_ ? loudness_estimate_ + (st - loudness_estimate_) * 0.1 : st;
    have_estimate_ = true;
    double want = s_.patch.master.loudness - loudness_estimate_;
    // Glide: quick while the first seconds settle, then slow enough to be inaudible.
    double max_step = seconds_rendered() < 20.0 ? 1.0 : 0.15;
    gain_db_ += std::clamp(want - gain_db_, -max_step, max_step);
}

int Performance::flush(float* out, int max_frames) {
    // Push silence through the limiter to let out what its look-ahead still holds.
    for (;;) {
        int n = std::min(max_frames, to_flush_);
        if (n == 0) return 0;
        std::fill(out, out + 2 * n, 0.0f);
        limiter_.process(out, n);
        to_flush_ -= n;
        int skip = std::min(to_skip_, n);
        if (skip > 0) {
            std::move(out + 2 * skip, out + 2 * n, out);
            to_skip_ -= skip;
        }
        if (n > skip) return n - skip;
    }
}

int Performance::render(float* out, int max_frames) {
    if (to_flush_ >= 0) return flush(out, max_frames);
    int produced = 0;
    while (produced == 0) {
        int frames = std::min(max_frames, block);
        if (control_file_ && control_file_->poll()) apply_control(control_file_->values());
        take_phrase_if_due(frames);
        if (source_done_ && phrases_ == 0) return 0;  // no music at all: no output
        bool after_music = source_done_ && double(engine_.now()) >= next_start_;
        if (after_music && (quiet_frames_ >= long(rate_ / 4) ||
                            double(engine_.now()) - next_start_ > s_.max_tail_seconds * rate_)) {
            to_flush_ = limiter_.latency();
            return flush(out, max_frames);
        }
        engine_.render(left_.data(), right_.data(), frames);
        if (s_.on_playing)
            for (const std::string& line : playing_.due(engine_.now(), limiter_.latency()))
                s_.on_playing(line);
        float* o = out + 2 * produced;
        for (int i = 0; i < frames; ++i) {
            o[2 * i] = left_[static_cast<std::size_t>(i)];
            o[2 * i + 1] = right_[static_cast<std::size_t>(i)];
        }
        if (meter_) follow_loudness(o, frames);
        float target = dsp::db_to_gain(float(gain_db_));
        float peak = 0.0f;
        bool moving = std::fabs(target - gain_) > 1e-6f * target;
        if (!moving) gain_ = target;
        for (int i = 0; i < 2 * frames; ++i) {
            if (moving) gain_ += (target - gain_) * 0.0005f;  // no zipper noise when the gain moves
            o[i] *= gain_;
            peak = std::max(peak, std::fabs(o[i]));
        }
        quiet_frames_ =
            after_music && peak < 0.001f && engine_.quiet() ? quiet_frames_ + frames : 0;
        limiter_.process(o, frames);
        // The limiter delays by its look-ahead: drop that much from the very start.
        int skip = std::min(to_skip_, frames);
        if (skip > 0) {
            std::move(o + 2 * skip, o + 2 * frames, o);
            to_skip_ -= skip;
        }
        produced += frames - skip;
    }
    return produced;
}

}  // namespace ambient
