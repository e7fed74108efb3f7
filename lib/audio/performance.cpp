#include "audio/performance.hpp"

#include <algorithm>
#include <cmath>

#include "compose/pitch.hpp"
#include "synth/limiter.hpp"

namespace ambient {

Performance::Performance(const PerformanceSettings& s, PhraseSource source)
    : s_(s),
      rate_(s.rate),
      engine_(float(s.rate), s.patch, s.seed),
      feed_(std::move(source), [this](const Phrase& p) { return engine_.phrase_samples(p); }),
      timbre_(engine_, s.patch_overrides, s.morph_seconds, s.warn),
      gain_db_(s.gain_db),
      master_(float(s.rate)),
      tail_(float(s.rate), s.max_tail_seconds),
      left_(block),
      right_(block) {
    engine_.set_origin(s.origin);
    if (s.mastered) {
        gain_ = &master_.add(std::make_unique<Gain>(s.gain_db));
        auto limiter = std::make_unique<Limiter>();
        limiter->init(float(s.rate), LimiterSettings{s.patch.master.true_peak});
        master_.add(std::move(limiter));
        if (s.follow_loudness) loudness_.emplace(s.rate, s.patch.master.loudness, s.gain_db);
    }
    playing_.set_default_preset(s.patch.name);
    if (!s.control_file.empty()) {
        control_file_ = std::make_unique<ControlFile>(s.control_file, s.warn);
        // Values already there shape the first phrase (no tempo to stretch yet).
        if (control_file_->refresh()) apply_control(control_file_->values());
    }
}

void Performance::take(Phrase& p, double start) {
    const bool caught_up = p.control_version && !control_is_newer(p, control_.values());
    control_.apply(p);
    if (caught_up) {
        // Composed knowing the last change: the phrase's own values hold again.
        engine_.set_intensity(std::nullopt);
        const auto key = parse_pitch_class(p.key);
        const auto held =
            control_.values().key ? parse_pitch_class(*control_.values().key) : std::nullopt;
        if (held && key != held) engine_.set_key(std::nullopt);
    }
    timbre_.follow(p);
    engine_.schedule(p, start);
    if (s_.on_scheduled) s_.on_scheduled(p, start, engine_.now(), gain_db_);
    if (s_.on_playing) {
        // What is heard: a phrase composed before a key change sounds in the new key.
        Phrase heard = p;
        if (engine_.transposes() && control_.values().key) heard.key = *control_.values().key;
        playing_.phrase(heard, start, 60.0 / p.bpm * rate_);
    }
}

void Performance::apply_control(const ControlValues& all) {
    const ControlValues v = control_.follow(all);  // what changed
    if (s_.on_control) s_.on_control(all, engine_.now());
    if (s_.on_playing) playing_.control(v, engine_.now());
    if (v.intensity) engine_.set_intensity(float(*v.intensity));
    if (v.key) engine_.set_key(parse_pitch_class(*v.key));
    if (v.preset) timbre_.choose(*v.preset);
    if (v.bpm && feed_.bpm() > 0.0 && *v.bpm != feed_.bpm()) {
        // What is scheduled and not yet played follows the new tempo from now.
        const double factor = feed_.bpm() / *v.bpm;
        engine_.stretch(factor, *v.bpm);
        playing_.stretch(engine_.now(), factor);
        feed_.stretch(double(engine_.now()), factor, *v.bpm);
    }
}

void Performance::apply_control_at(std::int64_t sample, const ControlValues& v) {
    due_controls_.emplace_back(sample, v);
    std::stable_sort(due_controls_.begin(), due_controls_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
}

int Performance::output(float* out, int frames) {
    for (std::size_t i = 0; i < static_cast<std::size_t>(frames); ++i) {
        out[2 * i] = left_[i];
        out[2 * i + 1] = right_[i];
    }
    return frames;
}

int Performance::render(float* out, int max_frames) {
    const int frames = std::min(max_frames, block);
    for (;;) {
        if (ending_) return output(out, master_.drain(left_.data(), right_.data(), frames));
        if (control_file_ && control_file_->poll()) apply_control(control_file_->values());
        while (!due_controls_.empty() && due_controls_.front().first <= engine_.now()) {
            apply_control(due_controls_.front().second);
            due_controls_.erase(due_controls_.begin());
        }
        feed_.take_due(double(engine_.now() + frames),
                       [this](Phrase& p, double start) { take(p, start); });
        if (feed_.done() && feed_.phrases() == 0) return 0;  // no music at all: no output
        const bool after_music = feed_.done() && double(engine_.now()) >= feed_.next_start();
        if (after_music && tail_.over()) {
            ending_ = true;
            continue;
        }
        engine_.render(left_.data(), right_.data(), frames);
        if (s_.on_playing)
            for (const std::string& line : playing_.due(engine_.now(), master_.latency()))
                s_.on_playing(line);
        if (loudness_) {
            gain_db_ = loudness_->hear(left_.data(), right_.data(), frames, seconds_rendered());
            gain_->set_db(float(gain_db_));
        }
        const int n = master_.process(left_.data(), right_.data(), frames);
        if (!after_music)
            tail_.reset();
        else if (!engine_.quiet())
            tail_.heard(frames, false);
        else
            tail_.over(left_.data(), right_.data(), n);
        if (n > 0) return output(out, n);
    }
}

}  // namespace ambient
