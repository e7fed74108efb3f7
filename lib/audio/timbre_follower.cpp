#include "audio/timbre_follower.hpp"

#include "core/error.hpp"

namespace ambient {

TimbreFollower::TimbreFollower(Engine& engine, Json overrides, double morph_seconds, Warn warn)
    : engine_(engine),
      overrides_(std::move(overrides)),
      morph_seconds_(morph_seconds),
      warn_(std::move(warn)) {}

void TimbreFollower::morph_to(const std::string& name, double seconds) {
    if (name == engine_.target_patch().name) return;
    try {
        Patch target = patch_from_json(overrides_, preset(name));
        target.name = name;
        engine_.morph_to(target, seconds);
    } catch (const Error& e) {
        const std::string problem = std::string("cannot play preset \"") + name + "\": " + e.what();
        if (problem != problem_ && warn_) warn_(problem, "phrase");
        problem_ = problem;
    }
}

void TimbreFollower::follow(const Phrase& p) {
    if (!p.preset) return;
    double seconds = p.preset_glide ? *p.preset_glide * 60.0 / p.bpm : morph_seconds_;
    morph_to(*p.preset, engine_.now() == 0 ? 0.0 : seconds);
}

void TimbreFollower::choose(const std::string& name) {
    morph_to(name, engine_.now() == 0 ? 0.0 : morph_seconds_);
}

}  // namespace ambient
