#include "compose/conductor.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "compose/pitch.hpp"

namespace ambient {

namespace {

double ease(double u) {
    return 0.5 - 0.5 * std::cos(std::numbers::pi * u);
}

double lerp(double a, double b, double u) {
    return a + (b - a) * u;
}

// Bars per chord when a scene leaves it to intensity (compose/chord_composer.cpp's rule).
double chord_bars_of(const SceneValues& v) {
    return v.chord_bars.value_or(1.0 + std::clamp(0.7 - 0.4 * v.intensity, 0.0, 1.0));
}

SceneValues blend(const SceneValues& a, const SceneValues& b, double u) {
    SceneValues v = b;  // key, mode and timbre: the new scene's from the first phrase
    const double e = ease(u);
    v.bpm = std::round(lerp(a.bpm, b.bpm, e) * 10.0) / 10.0;
    // The arc: ease there, thinning a little half-way (a breath between two scenes).
    const double breath =
        0.12 * std::sin(std::numbers::pi * u) * std::min(a.intensity, b.intensity);
    v.intensity =
        std::round(std::clamp(lerp(a.intensity, b.intensity, e) - breath, 0.0, 1.0) * 1000.0) /
        1000.0;
    v.density = std::round(lerp(a.density, b.density, e) * 1000.0) / 1000.0;
    v.chord_bars = lerp(chord_bars_of(a), chord_bars_of(b), e);
    if (u < 0.5) v.colour = a.colour;
    return v;
}

}  // namespace

Conductor::Conductor(Journey journey, ConductorSettings settings)
    : journey_(std::move(journey)), s_(settings) {}

void Conductor::listener_changed(const ControlValues& changes) {
    ControlValues held = override_.value_or(ControlValues{});
    override_ = merge_control(held, changes);
    override_until_ = elapsed_ + s_.override_seconds;
    ++override_serial_;
}

SceneValues Conductor::target(const Scene& scene) const {
    SceneValues v = scene.values;
    if (!override_) return v;
    const ControlValues& o = *override_;
    if (o.key) {
        v.key_name = *o.key;
        v.key.tonic_pc = *parse_pitch_class(*o.key);
    }
    if (o.mode) v.key.mode = *o.mode;
    if (o.bpm) v.bpm = *o.bpm;
    if (o.intensity) v.intensity = *o.intensity;
    if (o.preset) v.preset = *o.preset;
    return v;
}

double Conductor::end_of_music(const JourneyPosition& pos) const {
    double end = s_.duration.value_or(INFINITY);
    if (!pos.next_begins && !journey_.follows_clock())
        end =
            std::min(end, pos.began + scene_seconds(journey_.scenes[pos.scene], s_.beats_per_bar));
    return end;
}

Cue Conductor::next() {
    if (override_ && elapsed_ >= override_until_) override_.reset();  // the journey takes over
    JourneyPosition pos = journey_position(journey_, elapsed_, s_.start_clock, s_.beats_per_bar);
    const Scene& scene = journey_.scenes[pos.scene];
    const SceneValues goal = target(scene);
    const int serial = override_ ? override_serial_ : -1;

    if (!started_) {
        from_ = to_ = emitted_ = goal;
        glide_seconds_ = 0.0;
        started_ = true;
    } else if (pos.scene != target_scene_ || serial != target_serial_) {
        if (override_ && serial != target_serial_) {
            from_ = to_ = goal;  // a listener's change is heard at once
            glide_seconds_ = 0.0;
        } else {
            from_ = emitted_;
            to_ = goal;
            glide_start_ = elapsed_;
            glide_bars_ = scene.transition_bars;
            const double bpm = 0.5 * (from_.bpm + to_.bpm);
            glide_seconds_ = glide_bars_ * s_.beats_per_bar * 60.0 / bpm;
            glide_fresh_ = true;
        }
    }
    target_scene_ = pos.scene;
    target_serial_ = serial;

    Cue cue;
    cue.scene = scene.name;
    const double guess = s_.bars_per_phrase * s_.beats_per_bar * 60.0 / emitted_.bpm;
    const double u =
        glide_seconds_ > 0.0
            ? std::clamp((elapsed_ + 0.5 * guess - glide_start_) / glide_seconds_, 0.0, 1.0)
            : 1.0;
    cue.values = u >= 1.0 ? to_ : blend(from_, to_, u);
    if (glide_fresh_ && from_.preset != to_.preset)
        cue.preset_glide = glide_bars_ * s_.beats_per_bar;
    glide_fresh_ = false;
    emitted_ = cue.values;

    const double length = s_.bars_per_phrase * s_.beats_per_bar * 60.0 / cue.values.bpm;
    const double end = end_of_music(pos);
    cue.last = is_last_phrase(elapsed_, length, end);

    Json status = {{"journey", journey_.name}, {"scene", scene.name}};
    if (pos.next_begins && *pos.next_begins < end) {
        status["next"] = journey_.scenes[pos.next].name;
        status["next_in"] = std::round(*pos.next_begins - elapsed_);
        status["next_at"] = clock_text(s_.start_clock + *pos.next_begins);
    } else if (std::isfinite(end)) {
        status["ends_in"] = std::round(end - elapsed_);
    }
    if (override_) status["override_left"] = std::round(override_until_ - elapsed_);
    cue.status = std::move(status);

    elapsed_ += length;
    if (cue.last) finished_ = true;
    return cue;
}

}  // namespace ambient
