#include "compose/chord_composer.hpp"

#include <algorithm>
#include <vector>

#include "compose/pitch.hpp"
#include "core/random.hpp"

namespace ambient {

namespace {

constexpr std::uint64_t chords_stream = 0xC40D5;

Colour pick_colour(const ChordSettings& s, int degree, Rng& rng) {
    if (s.colour) return colour_fits(s.key, degree, *s.colour) ? *s.colour : Colour::triad;
    if (!rng.chance(0.3 + 0.5 * s.intensity)) return Colour::triad;
    // add9 and sevenths give ambient pads their glow; sus chords float.
    std::vector<Colour> options = {Colour::add9, Colour::seventh, Colour::sus2, Colour::sus4};
    std::vector<double> weights = {1.0, 0.9, 0.7, 0.5};
    for (std::size_t i = 0; i < options.size(); ++i)
        if (!colour_fits(s.key, degree, options[i])) weights[i] = 0.0;
    int i = rng.weighted(weights);
    return i < 0 ? Colour::triad : options[static_cast<std::size_t>(i)];
}

// Chord lengths in bars (1 or 2) filling the phrase.
std::vector<int> chord_lengths(const ChordSettings& s, Rng& rng) {
    std::vector<int> lengths;
    double two_bars = s.chord_bars ? *s.chord_bars - 1.0 : 0.7 - 0.4 * s.intensity;
    for (int bar = 0; bar < s.bars;) {
        int len = (s.bars - bar >= 2 && rng.chance(two_bars)) ? 2 : 1;
        lengths.push_back(len);
        bar += len;
    }
    return lengths;
}

}  // namespace

std::uint64_t phrase_seed(std::uint64_t run_seed, std::uint64_t seq) {
    return seq == 0 ? run_seed : mix_seed(run_seed, seq) & max_seed;
}

Phrase compose_chords(const ChordSettings& s, const TransitionTable& table, std::uint64_t seed,
                      std::uint64_t seq) {
    Rng rng(mix_seed(seed, chords_stream));
    Phrase p;
    p.seq = seq;
    p.seed = seed;
    p.key = s.key_name;
    p.mode = std::string(mode_name(s.key.mode));
    p.tonic = tonic_midi(s.key.tonic_pc);
    p.bpm = s.bpm;
    p.meter = s.meter;
    p.bars = s.bars;
    p.intensity = s.intensity;

    std::vector<int> lengths = chord_lengths(s, rng);
    int previous = -1, current = 0;
    std::vector<int> voicing;
    int bar = 0;
    for (std::size_t i = 0; i < lengths.size(); ++i) {
        const bool final_chord = s.ending && i + 1 == lengths.size() && i > 0;
        if (final_chord) {
            previous = current;
            current = 0;  // the music closes on the tonic
        } else if (i > 0) {
            DegreeWeights w = table.next_weights(previous, current);
            if (i + 1 == lengths.size() - (s.ending ? 1 : 0)) {
                // Lean toward chords from which the tonic (the next phrase's start) follows.
                double total = 0.0;
                DegreeWeights cadence = w;
                for (std::size_t d = 0; d < cadence.size(); ++d) {
                    cadence[d] *= 0.25 + table.next_weights(current, static_cast<int>(d))[0];
                    total += cadence[d];
                }
                if (total > 0.0) w = cadence;
            }
            int next = rng.weighted(w);
            previous = current;
            current = next < 0 ? 0 : next;
        }
        Colour colour = final_chord ? Colour::triad : pick_colour(s, current, rng);
        std::vector<int> pcs = chord_pitch_classes(s.key, current, colour);
        voicing = voice_chord(pcs, voicing, s.pad_register);

        ChordEvent c;
        c.bar = bar;
        c.beat = static_cast<double>(bar * s.meter.beats);
        c.beats = static_cast<double>(lengths[i] * s.meter.beats);
        c.degree = roman_numeral(s.key, current);
        c.colour = std::string(colour_name(colour));
        c.root = p.tonic + pitch_class(pcs.front() - s.key.tonic_pc);
        c.pitches = voicing;
        p.chords.push_back(std::move(c));
        bar += lengths[i];
    }
    return p;
}

ChordComposer::ChordComposer(ChordSettings settings, std::optional<TransitionTable> user_table,
                             int order, std::uint64_t run_seed)
    : settings_(std::move(settings)),
      user_table_(std::move(user_table)),
      order_(order),
      table_(user_table_ ? *user_table_ : TransitionTable::builtin(settings_.key.mode, order)),
      run_seed_(run_seed) {}

std::optional<int> pivot_degree(const Key& from, const Key& to) {
    for (int degree : {3, 1, 5, 4, 2}) {
        std::vector<int> pcs = chord_pitch_classes(to, degree, Colour::triad);
        if (std::all_of(pcs.begin(), pcs.end(), [&](int pc) { return from.contains(pc); }))
            return degree;
    }
    return std::nullopt;
}

void ChordComposer::apply(const ControlValues& control) {
    const Key before = settings_.key;
    if (control.key) {
        settings_.key_name = *control.key;
        settings_.key.tonic_pc = *parse_pitch_class(*control.key);  // validated by parse_control
    }
    if (control.mode && *control.mode != settings_.key.mode) {
        settings_.key.mode = *control.mode;
        if (!user_table_) table_ = TransitionTable::builtin(settings_.key.mode, order_);
    }
    if (control.bpm) settings_.bpm = *control.bpm;
    if (control.intensity) settings_.intensity = *control.intensity;
    if (control.preset) preset_ = control.preset;
    if (settings_.key.tonic_pc != before.tonic_pc || settings_.key.mode != before.mode)
        pivot_from_ = pivot_from_.value_or(before);
}

void ChordComposer::apply(const Cue& cue) {
    ControlValues c;
    c.key = cue.values.key_name;
    c.mode = cue.values.key.mode;
    c.bpm = cue.values.bpm;
    c.intensity = cue.values.intensity;
    c.preset = cue.values.preset;
    apply(c);
    settings_.chord_bars = cue.values.chord_bars;
    settings_.colour = cue.values.colour;
    settings_.ending = cue.last;
    cue_ = cue;
}

Phrase ChordComposer::next() {
    Phrase p = compose_chords(settings_, table_, phrase_seed(run_seed_, seq_), seq_);
    ++seq_;
    p.preset = preset_;
    if (cue_) {
        p.scene = cue_->scene;
        p.preset_glide = cue_->preset_glide;
        if (cue_->values.density != 1.0) p.density = cue_->values.density;
        p.extra["journey"] = cue_->status;
        cue_->preset_glide.reset();  // the morph starts on one phrase
    }
    p.end = settings_.ending;
    if (pivot_from_ && !p.chords.empty()) {
        std::optional<int> degree = pivot_degree(*pivot_from_, settings_.key);
        if (degree) open_on_pivot(p, *degree);
    }
    pivot_from_.reset();
    if (!p.chords.empty()) last_voicing_ = p.chords.back().pitches;
    return p;
}

// The phrase's first bar becomes the pivot chord; the tonic it opened on follows in the
// second bar (or, when it lasted one bar, gives way to the pivot).
void ChordComposer::open_on_pivot(Phrase& p, int degree) {
    const ChordSettings& s = settings_;
    std::vector<int> pcs = chord_pitch_classes(s.key, degree, Colour::triad);
    ChordEvent pivot;
    pivot.bar = 0;
    pivot.beat = 0.0;
    pivot.beats = static_cast<double>(s.meter.beats);
    pivot.degree = roman_numeral(s.key, degree);
    pivot.colour = std::string(colour_name(Colour::triad));
    pivot.root = p.tonic + pitch_class(pcs.front() - s.key.tonic_pc);
    pivot.pitches = voice_chord(pcs, last_voicing_, s.pad_register);
    pivot.extra["pivot"] = true;  // marks the modulation for readers that care
    ChordEvent& first = p.chords.front();
    if (first.beats > pivot.beats) {
        first.bar += 1;
        first.beat += pivot.beats;
        first.beats -= pivot.beats;
        p.chords.insert(p.chords.begin(), std::move(pivot));
    } else {
        first = std::move(pivot);
    }
}

}  // namespace ambient
