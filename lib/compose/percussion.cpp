#include "compose/percussion.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "compose/harmony.hpp"
#include "core/random.hpp"

namespace ambient {

namespace {

constexpr std::uint64_t percussion_stream = 0x9E4C;

double velocity(double v) {
    return std::round(std::clamp(v, 0.02, 1.0) * 100.0) / 100.0;
}

PercussionEvent event(double beat, double dur, PercussionKind kind, double vel) {
    PercussionEvent e;
    e.beat = beat;
    e.dur = dur;
    e.kind = kind;
    e.vel = velocity(vel);
    return e;
}

void add_kicks(const Phrase& p, double level, Rng& rng, std::vector<PercussionEvent>& out) {
    if (level < 0.25) return;
    int every = level >= 0.85 ? 1 : level >= 0.6 ? 2 : 4;
    for (int bar = 0; bar < p.bars; bar += every) {
        double downbeat = bar * p.meter.beats;
        if (rng.chance(0.85))
            out.push_back(event(downbeat, 1.0, PercussionKind::kick,
                                0.45 + 0.35 * level + rng.uniform(-0.05, 0.05)));
        // A syncopated second kick once it gets busy.
        if (level > 0.7 && p.meter.beats >= 4 && rng.chance((level - 0.7) * 1.5))
            out.push_back(event(downbeat + p.meter.beats / 2 + 0.5, 1.0, PercussionKind::kick,
                                0.35 + 0.25 * level));
    }
}

void add_swells(const Phrase& p, double level, Rng& rng, std::vector<PercussionEvent>& out) {
    double chance = std::min(0.9, 0.5 * level);
    for (std::size_t i = 1; i < p.chords.size(); ++i) {
        double change = p.chords[i].beat;
        if (change <= 0.0 || !rng.chance(chance)) continue;
        double dur = std::min(p.chords[i - 1].beats, static_cast<double>(2 + rng.below(5)));
        out.push_back(event(change - dur, dur, PercussionKind::swell,
                            0.3 + 0.4 * level + rng.uniform(-0.05, 0.05)));
    }
}

void add_bells(const Phrase& p, const PercussionSettings& s, double level, Rng& rng,
               std::vector<PercussionEvent>& out) {
    double chance = 0.6 * level;
    for (int bar = 0; bar < p.bars; ++bar) {
        if (!rng.chance(chance)) continue;
        double beat =
            bar * p.meter.beats + 0.5 * rng.below(static_cast<std::uint32_t>(2 * p.meter.beats));
        double dur = std::min(2.0, p.total_beats() - beat);
        const ChordEvent* chord = chord_at(p, beat);
        if (!chord) continue;
        std::vector<int> options;
        for (int n = s.bell_low; n <= s.bell_high; ++n)
            if (is_chord_tone(*chord, n) && !clashes_with_chords(p, n, beat, beat + dur))
                options.push_back(n);
        if (options.empty()) continue;
        PercussionEvent bell =
            event(beat, dur, PercussionKind::bell, 0.25 + 0.35 * level + rng.uniform(-0.05, 0.05));
        bell.pitch = options[rng.below(static_cast<std::uint32_t>(options.size()))];
        out.push_back(std::move(bell));
    }
}

void add_noise(const Phrase& p, double level, Rng& rng, std::vector<PercussionEvent>& out) {
    if (level < 0.15) return;
    out.push_back(event(0.0, p.total_beats(), PercussionKind::noise, 0.1 + 0.25 * level));
    if (level < 0.7) return;
    for (int beat = 0; beat < static_cast<int>(p.total_beats()); ++beat)
        if (rng.chance((level - 0.6) * 0.8))
            out.push_back(event(beat + 0.5, 0.25, PercussionKind::noise, 0.15 + 0.2 * level));
}

}  // namespace

void compose_percussion(Phrase& p, const PercussionSettings& s, std::uint64_t tool_seed) {
    Rng rng(mix_seed(mix_seed(p.seed, tool_seed), percussion_stream));
    double level = std::clamp(s.density.value_or(p.intensity * p.density.value_or(1.0)), 0.0, 1.0);
    std::vector<PercussionEvent> events;
    if (level > 0.0) {
        add_kicks(p, level, rng, events);
        add_swells(p, level, rng, events);
        add_bells(p, s, level, rng, events);
        add_noise(p, level, rng, events);
    }
    std::stable_sort(
        events.begin(), events.end(),
        [](const PercussionEvent& a, const PercussionEvent& b) { return a.beat < b.beat; });
    p.percussion = std::move(events);
}

}  // namespace ambient
