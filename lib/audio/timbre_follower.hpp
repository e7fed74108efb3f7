// The timbre a performance plays: a preset named by a phrase or a listener, with the
// user's --patch over it, morphed to over a phrase's glide or a few seconds.
#pragma once

#include <functional>
#include <string>

#include "phrase/phrase.hpp"
#include "synth/engine.hpp"

namespace ambient {

class TimbreFollower {
  public:
    using Warn = std::function<void(const std::string& problem, const std::string& where)>;
    TimbreFollower(Engine& engine, Json overrides, double morph_seconds, Warn warn);
    // A phrase's preset, over its preset_glide (beats); the first phrase's at once.
    void follow(const Phrase& p);
    // A listener's choice, over the default glide (at once before any sound).
    void choose(const std::string& name);

  private:
    void morph_to(const std::string& name, double seconds);

    Engine& engine_;
    Json overrides_;
    double morph_seconds_;
    Warn warn_;
    std::string problem_;  // told once
};

}  // namespace ambient
