#include "compose/melody.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <vector>

#include "compose/harmony.hpp"
#include "compose/melody_model.hpp"
#include "compose/pitch.hpp"
#include "compose/tune.hpp"
#include "core/random.hpp"

namespace ambient {

namespace {

constexpr std::uint64_t melody_stream = 0x3E10D7;

// A rhythmic slot, and the arch of the sub-phrase it belongs to.
struct Slot {
    double beat;
    double dur;
    double span_start, span_end;  // the sub-phrase, in beats
    double peak_at;               // 0..1 through the sub-phrase
    double peak_height;           // semitones above the arch's base
};

double pick(Rng& rng, std::initializer_list<double> values) {
    return *(values.begin() + rng.below(static_cast<std::uint32_t>(values.size())));
}

std::vector<Slot> make_rhythm(const Phrase& p, double density, int range, Rng& rng) {
    static constexpr double durations[] = {0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0};
    const double d = density;
    const double weights[] = {0.2 * d,       0.3 + 0.6 * d, 0.5,          1.0,
                              1.0 - 0.6 * d, 0.9 - 0.7 * d, 0.5 - 0.5 * d};
    const int bar_beats = p.meter.beats;
    int span_bars = std::min(p.bars, (d < 0.35 && p.bars % 4 == 0) ? 4 : 2);

    std::vector<Slot> slots;
    bool rested = false;
    for (int bar = 0; bar < p.bars; bar += span_bars) {
        double start = bar * bar_beats;
        double end = std::min(bar + span_bars, p.bars) * static_cast<double>(bar_beats);
        double breath = rng.chance(0.7) ? std::max(1.0, bar_beats / 2.0) : 1.0;
        double peak_at = rng.uniform(0.35, 0.75);
        double peak_height = range * rng.uniform(0.3, 0.55);
        // Now and then a silent sub-phrase, never two in a row.
        bool silent = bar > 0 && !rested && rng.chance(0.2 * (1.0 - d));
        rested = silent;
        if (silent) continue;
        double t = start + (rng.chance(0.35 - 0.2 * d) ? pick(rng, {1.0, 2.0}) : 0.0);
        while (t + 0.5 <= end - breath) {
            double dur = durations[std::max(0, rng.weighted(weights))];
            dur = std::min(dur, end - breath - t);
            slots.push_back({t, dur, start, end, peak_at, peak_height});
            double gap = rng.chance(0.1 + 0.45 * (1.0 - d)) ? pick(rng, {0.5, 1.0, 2.0}) : 0.0;
            t += dur + gap;
        }
    }
    return slots;
}

// The pitch the arch asks for at a slot: up to the peak, then down.
double arch_target(const Slot& s, double base, bool last_span) {
    double x = (s.beat - s.span_start) / std::max(1.0, s.span_end - s.span_start);
    double shape = x < s.peak_at ? x / s.peak_at : (1.0 - x) / (1.0 - s.peak_at);
    double height = last_span ? s.peak_height * 0.7 : s.peak_height;
    return base + height * std::clamp(shape, 0.0, 1.0);
}

double step_weight(int interval) {
    int a = std::abs(interval);
    if (a == 0) return 0.15;
    if (a <= 2) return 1.0;
    if (a <= 4) return 0.45;
    if (a <= 7) return 0.12;
    if (a <= 12) return 0.05;
    return 0.0;
}

class MelodyWriter {
  public:
    MelodyWriter(const Phrase& p, const MelodySettings& s, Rng& rng)
        : p_(p), s_(s), rng_(rng), key_(phrase_key(p)) {}

    // Candidates for a note at [beat, beat+dur) that break none of the hard rules.
    std::vector<int> allowed(double beat, double dur) const {
        const ChordEvent* chord = chord_at(p_, beat);
        bool strong = is_strong_beat(p_.meter, beat);
        std::vector<int> out;
        for (int n = s_.low; n <= s_.high; ++n) {
            bool chord_tone = chord && is_chord_tone(*chord, n);
            if (!chord_tone && (!key_.contains(pitch_class(n)) || (strong && chord))) continue;
            if (clashes_with_chords(p_, n, beat, beat + dur)) continue;
            out.push_back(n);
        }
        return out;
    }

    // Whether a step back from `pitch` against the direction of `leap` fits the next slot.
    static bool can_resolve(int pitch, int leap, const std::vector<int>& next_allowed) {
        for (int n : next_allowed) {
            int d = n - pitch;
            if (std::abs(d) >= 1 && std::abs(d) <= 2 && (d > 0) != (leap > 0)) return true;
        }
        return false;
    }

    std::optional<MelodyNote> place(Slot slot, double target, bool last, const Slot* next) {
        std::vector<int> options = allowed(slot.beat, slot.dur);
        if (options.empty()) {
            // Something clashes with a chord that starts during the note: end at that chord.
            for (const ChordEvent& c : p_.chords)
                if (c.beat > slot.beat && c.beat < slot.beat + slot.dur) {
                    slot.dur = c.beat - slot.beat;
                    break;
                }
            options = allowed(slot.beat, slot.dur);
        }
        if (options.empty()) return std::nullopt;

        if (leap_ != 0 && previous_ >= 0) {
            // Resolve the leap by a step the other way where one fits.
            std::vector<int> resolving;
            for (int n : options) {
                int d = n - previous_;
                if (std::abs(d) >= 1 && std::abs(d) <= 2 && (d > 0) != (leap_ > 0))
                    resolving.push_back(n);
            }
            if (!resolving.empty()) options = resolving;
        }

        if (previous_ >= 0) {
            // Leap only where the next note can step back.
            std::vector<int> next_allowed;
            if (next) next_allowed = allowed(next->beat, next->dur);
            std::vector<int> kept;
            for (int n : options) {
                int d = n - previous_;
                if (std::abs(d) < 5 || can_resolve(n, d, next_allowed)) kept.push_back(n);
            }
            if (!kept.empty()) options = kept;
        }

        if (last && p_.end) {
            // The music's last note is the tonic wherever one fits.
            std::vector<int> tonics;
            for (int n : options)
                if (pitch_class(n) == key_.tonic_pc) tonics.push_back(n);
            if (!tonics.empty()) options = tonics;
        }

        const ChordEvent* chord = chord_at(p_, slot.beat);
        const std::vector<double> weights = s_.model
                                                ? model_weights(options, slot, target, last, chord)
                                                : rule_weights(options, target, last, chord);
        int pitch = options[static_cast<std::size_t>(std::max(0, rng_.weighted(weights)))];

        int interval = previous_ >= 0 ? pitch - previous_ : 0;
        if (previous_ >= 0)
            interval_before_ = previous_interval_, previous_interval_ = fold_interval(interval);
        ++notes_;
        repeats_ = pitch == previous_ ? repeats_ + 1 : 0;
        leap_ = std::abs(interval) >= 5 ? interval : 0;
        previous_ = pitch;

        double lift =
            std::clamp((pitch - s_.low) / std::max(1.0, double(s_.high - s_.low)), 0.0, 1.0);
        double vel = 0.45 + 0.25 * p_.intensity + 0.12 * lift +
                     (is_strong_beat(p_.meter, slot.beat) ? 0.05 : 0.0) + rng_.uniform(-0.04, 0.04);
        MelodyNote note;
        note.beat = slot.beat;
        note.dur = slot.dur;
        note.pitch = pitch;
        note.vel = std::round(std::clamp(vel, 0.05, 1.0) * 100.0) / 100.0;
        return note;
    }

  private:
    std::vector<double> rule_weights(const std::vector<int>& options, double target, bool last,
                                     const ChordEvent* chord) const {
        std::vector<double> weights;
        for (int n : options) {
            double off = (n - target) / 5.0;
            double w = std::exp(-0.5 * off * off) + 1e-6;
            if (previous_ >= 0) w *= step_weight(n - previous_) + 1e-4;
            if (n == previous_ && repeats_ >= 1) w *= 0.1;  // a third time on one pitch stalls
            if (chord && is_chord_tone(*chord, n)) w *= 1.6;
            if (last && pitch_class(n) == key_.tonic_pc)
                w *= 4.0;
            else if (last && chord && pitch_class(n) == pitch_class(chord->root))
                w *= 2.0;
            weights.push_back(w);
        }
        return weights;
    }

    // The model's probability of each option, sharpened by the temperature, under the
    // arch (a wide one: the model shapes the line, the arch keeps it in its range).
    std::vector<double> model_weights(const std::vector<int>& options, const Slot& slot,
                                      double target, bool last, const ChordEvent* chord) const {
        NoteContext c;
        c.tonic_pc = key_.tonic_pc;
        c.minor = mode_intervals(key_.mode)[2] == 3;
        c.previous_pitch = previous_;
        c.previous_interval = previous_interval_;
        c.interval_before = interval_before_;
        c.notes_before = std::min(notes_, 3);
        c.metric = metric_level(p_.meter, std::fmod(slot.beat, double(p_.meter.beats)));
        if (chord) {
            c.chord_root_pc = pitch_class(chord->root);
            c.chord = chord_kind(chord->root, chord->pitches);
        }
        const double sharpen = 1.0 / std::max(0.05, s_.temperature);
        std::vector<double> weights;
        if (previous_ < 0) {
            const auto first = s_.model->first(c);
            for (int n : options)
                weights.push_back(std::pow(first[pitch_class(n - key_.tonic_pc)], sharpen));
        } else {
            const auto next = s_.model->next(c);
            for (int n : options) {
                const int d = n - previous_;
                double prob = next[fold_interval(d) + model_max_interval];
                if (std::abs(d) > model_max_interval) prob *= 0.01;  // beyond the octave: rare
                weights.push_back(std::pow(prob, sharpen) *
                                  s_.model->calibration()[fold_interval(d) + model_max_interval]);
            }
        }
        for (std::size_t i = 0; i < options.size(); ++i) {
            const double off = (options[i] - target) / 9.0;
            weights[i] *= std::exp(-0.5 * off * off);
            if (options[i] == previous_ && repeats_ >= 1) weights[i] *= 0.1;
            if (last && pitch_class(options[i]) == key_.tonic_pc) weights[i] *= 4.0;
            weights[i] += 1e-12;
        }
        return weights;
    }

    const Phrase& p_;
    const MelodySettings& s_;
    Rng& rng_;
    Key key_;
    int previous_ = -1;
    int leap_ = 0;     // the last interval when it was a leap, else 0
    int repeats_ = 0;  // how many times in a row the last pitch was repeated
    int previous_interval_ = 0, interval_before_ = 0, notes_ = 0;  // what the model reads
};

}  // namespace

void compose_melody(Phrase& p, const MelodySettings& s, std::uint64_t tool_seed) {
    Rng rng(mix_seed(mix_seed(p.seed, tool_seed), melody_stream));
    MelodyWriter writer(p, s, rng);
    double density = std::clamp(
        s.density.value_or((0.1 + 0.8 * p.intensity) * p.density.value_or(1.0)), 0.0, 1.0);
    int range = s.high - s.low;
    double base = s.low + range * 0.2;
    std::vector<Slot> slots = make_rhythm(p, density, range, rng);

    std::vector<MelodyNote> melody;
    for (std::size_t i = 0; i < slots.size(); ++i) {
        bool last = i + 1 == slots.size();
        bool last_span = slots[i].span_end >= p.total_beats();
        const Slot* next = last ? nullptr : &slots[i + 1];
        if (auto note = writer.place(slots[i], arch_target(slots[i], base, last_span), last, next))
            melody.push_back(std::move(*note));
    }
    p.melody = std::move(melody);
}

}  // namespace ambient
