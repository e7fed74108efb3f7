// Phrases into a performance as the music reaches them: the next one is asked for only
// when a block reaches its start, so an endless pipe plays in real time with bounded
// memory. It keeps the timeline: where the next phrase starts and at what tempo.
#pragma once

#include <functional>
#include <optional>

#include "phrase/phrase.hpp"

namespace ambient {

using PhraseSource = std::function<std::optional<Phrase>()>;

class PhraseFeed {
  public:
    // `samples`: how long a phrase lasts, in samples at its own tempo.
    PhraseFeed(PhraseSource source, std::function<double(const Phrase&)> samples);
    // Hands `take` every phrase that starts before sample `until`, with its first sample.
    void take_due(double until, const std::function<void(Phrase&, double start)>& take);
    // Everything after sample `now` is stretched by `factor` to `bpm`.
    void stretch(double now, double factor, double bpm);

    bool done() const { return done_; }  // the source has ended
    int phrases() const { return phrases_; }
    double next_start() const { return next_start_; }
    double bpm() const { return bpm_; }  // of the phrase taken last (0 before any)

  private:
    PhraseSource source_;
    std::function<double(const Phrase&)> samples_;
    double next_start_ = 0.0, bpm_ = 0.0;
    bool done_ = false;
    int phrases_ = 0;
};

}  // namespace ambient
