#include "audio/phrase_feed.hpp"

namespace ambient {

PhraseFeed::PhraseFeed(PhraseSource source, std::function<double(const Phrase&)> samples)
    : source_(std::move(source)), samples_(std::move(samples)) {}

void PhraseFeed::take_due(double until, const std::function<void(Phrase&, double start)>& take) {
    while (!done_ && until > next_start_) {
        std::optional<Phrase> p = source_();
        if (!p) {
            done_ = true;
            return;
        }
        take(*p, next_start_);
        bpm_ = p->bpm;
        next_start_ += samples_(*p);
        ++phrases_;
    }
}

void PhraseFeed::stretch(double now, double factor, double bpm) {
    if (next_start_ > now) next_start_ = now + (next_start_ - now) * factor;
    bpm_ = bpm;
}

}  // namespace ambient
