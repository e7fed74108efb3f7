#include "synth/engine.hpp"

#include <algorithm>
#include <cmath>

#include "compose/pitch.hpp"
#include "core/random.hpp"
#include "synth/dsp.hpp"

namespace ambient {

namespace {
constexpr int lead_voices = 6;
constexpr int fade_slots = 8;  // room for stolen voices to fade while new ones start
// The mix sits near the usual target, -16 LUFS, at master.gain_db 0 (the presets measure
// -15 to -16.5 LUFS, their peaks a few dB under the ceiling): the patch's own level is
// then its natural dynamics, not the limiter's (6.5 dB louder, every preset was held at
// the ceiling most of the time, 4 to 5 dB of peak reduction), and loudness followed live
// starts where it is heading.
constexpr float output_trim_db = -7.5f;

// The highest cutoff the pad's low-pass reaches (intensity 1, the drift at its top, the
// right channel's 3 % offset).
float top_pad_cutoff(const PadPatch& p) {
    return (p.cutoff + p.cutoff_span) * std::exp2(std::fabs(p.lfo_depth)) * 1.03f;
}

struct Sends {
    float pad, lead, percussion;
};
// left/right: the dry mix; the percussion bus becomes the reverb's input.
inline void mix_dry(const Buses& b, Sends send, float* left, float* right, int n) {
    AMBIENT_NO_OVERLAP
    for (int i = 0; i < n; ++i) {
        const float pl = b.percussion_l[i], pr = b.percussion_r[i], ld = b.lead[i];
        const float el = b.delay_l[i], er = b.delay_r[i];
        left[i] = b.pad_l[i] + ld * 0.75f + pl + el;  // the lead a touch right of centre
        right[i] = b.pad_r[i] + ld * 0.66f + pr + er;
        b.percussion_l[i] =
            b.pad_l[i] * send.pad + ld * send.lead + pl * send.percussion + 0.5f * el;
        b.percussion_r[i] =
            b.pad_r[i] * send.pad + ld * send.lead + pr * send.percussion + 0.5f * er;
    }
}
inline void add_wet(const float* wet_in, float wet, float level, float* out, int n) {
    AMBIENT_NO_OVERLAP
    for (int i = 0; i < n; ++i) out[i] = (out[i] + wet * wet_in[i]) * level;
}

}  // namespace

Engine::Engine(float sample_rate, const Patch& patch, std::uint64_t seed)
    : rate_(sample_rate), patch_(patch), seed_(mix_seed(seed, 0x5EED)) {
    // Under a fifth of the rate (9.6 kHz at 48 kHz) the half rate's upsampler passes the
    // pads' sound (within 0.2 dB to 0.4 of the half rate); what lies above is the filter's
    // stopband.
    pad_divider_ = top_pad_cutoff(patch.pad) <= 0.2f * rate_ ? 2 : 1;
    make_room_for(patch.master.polyphony);
    leads_.resize(lead_voices);
    for (LeadVoice& v : leads_) v.init(rate_);
    percussion_.init(rate_);
    pad_filter_.init(pad_rate());
    chorus_.init(rate_, patch.chorus);
    delay_.init(rate_, patch.delay);
    reverb_.init(rate_, patch.reverb);
    formants_.init(pad_rate());
    formants_.set(patch.pad.vowel, patch.pad.formant);
    intensity_glide_ = dsp::smoothing_coefficient(1.5f, rate_ / control_block);
    bus_.assign(8 * bus_stride, 0.0f);
}

std::uint32_t Engine::random_at(std::int64_t time, std::uint32_t note) const {
    const std::uint64_t at = mix_seed(seed_, static_cast<std::uint64_t>(origin_ + time));
    return static_cast<std::uint32_t>(mix_seed(at, note) >> 32);
}

void Engine::set_origin(std::int64_t origin) {
    origin_ = origin;
    const double seconds = double(origin) / rate_;
    auto turns = [](double t) { return static_cast<float>(t - std::floor(t)); };
    lfo_phase_ = turns(double(patch_.pad.lfo_rate) * seconds);
    chorus_.set_phase(turns(double(patch_.chorus.rate) * seconds));
}

double Engine::phrase_samples(const Phrase& p) const {
    return p.total_beats() * 60.0 / p.bpm * rate_;
}

void Engine::schedule(const Phrase& p, double start) {
    const double beat = 60.0 / p.bpm * rate_;
    const double beat_seconds = 60.0 / p.bpm;
    auto at = [&](double beats) {
        return std::max(now_, static_cast<std::int64_t>(std::llround(start + beats * beat)));
    };
    std::vector<Event> added;
    added.push_back({at(0), PhraseStart{float(p.bpm), float(p.intensity)}});
    auto pitch16 = [](int pitch) { return static_cast<std::int16_t>(pitch); };
    for (const ChordEvent& c : p.chords) {
        for (int pitch : c.pitches) {
            added.push_back({at(c.beat), NoteOn{Part::pad, pitch16(pitch), 1.0f}});
            added.push_back({at(c.beat + c.beats), NoteOff{Part::pad, pitch16(pitch)}});
        }
        if (c.root - 12 >= 12) {
            added.push_back({at(c.beat), NoteOn{Part::sub, pitch16(c.root - 12), 1.0f}});
            added.push_back({at(c.beat + c.beats), NoteOff{Part::sub, pitch16(c.root - 12)}});
        }
    }
    for (const MelodyNote& n : p.melody) {
        added.push_back({at(n.beat), NoteOn{Part::lead, pitch16(n.pitch), float(n.vel)}});
        added.push_back({at(n.beat + n.dur), NoteOff{Part::lead, pitch16(n.pitch)}});
    }
    for (const PercussionEvent& e : p.percussion) {
        const PercussionSound sound = percussion_sound(e);
        if (sound == PercussionSound::none) continue;  // players ignore what they do not know
        added.push_back({at(e.beat), Hit{sound, pitch16(e.pitch.value_or(60)), float(e.vel),
                                         float(e.dur * beat_seconds)}});
    }
    auto earlier = [](const Event& a, const Event& b) {
        return a.time != b.time ? a.time < b.time : order(a) < order(b);
    };
    const auto key = static_cast<std::int8_t>(parse_pitch_class(p.key).value_or(-1));
    for (Event& e : added) e.key = key;
    std::stable_sort(added.begin(), added.end(), earlier);
    // Drop what has been played, then merge: offs of the last phrase may fall after ons of this
    // one.
    events_.erase(events_.begin(), events_.begin() + static_cast<std::ptrdiff_t>(next_event_));
    next_event_ = 0;
    std::size_t middle = events_.size();
    events_.insert(events_.end(), added.begin(), added.end());
    std::inplace_merge(events_.begin(), events_.begin() + static_cast<std::ptrdiff_t>(middle),
                       events_.end(), earlier);
}

int Engine::order(const Event& e) {
    if (std::holds_alternative<PhraseStart>(e.what)) return 0;
    if (const auto* off = std::get_if<NoteOff>(&e.what)) return off->part == Part::lead ? 2 : 1;
    if (const auto* on = std::get_if<NoteOn>(&e.what)) return 3 + static_cast<int>(on->part);
    return 6;
}

void Engine::start_pad(int pitch, float velocity, bool sub) {
    // A note held into the next chord: the voice just released at this very sample carries on.
    for (PadVoice& v : pads_)
        if (v.active() && v.pitch == pitch && v.sub() == sub && v.released == now_) {
            v.regate();
            return;
        }
    PadVoice& v = allocate(pads_, patch_.master.polyphony);
    // The note's own randomness, the same whenever it sounds: its phase follows the run's
    // clock (PadVoice::start).
    const auto note =
        static_cast<std::uint32_t>(mix_seed(seed_, 2u * std::uint32_t(pitch) + sub) >> 32);
    v.start(patch_.pad, pitch, velocity, sub, note, now_,
            double(origin_ + now_) / double(pad_divider_));
    v.velocity = velocity;
}

void Engine::release_pad(int pitch, bool sub) {
    for (PadVoice& v : pads_)
        if (v.active() && !v.releasing() && v.pitch == pitch && v.sub() == sub) {
            v.release(now_);
            return;
        }
}

int Engine::transpose_for(int phrase_key) const {
    if (!key_override_ || phrase_key < 0) return 0;
    int up = ((*key_override_ - phrase_key) % 12 + 12) % 12;
    return up > 6 ? up - 12 : up;  // the nearer way: down a fourth rather than up a fifth
}

void Engine::set_intensity(std::optional<float> intensity) {
    intensity_override_ = intensity;
    if (intensity) intensity_target_ = *intensity;
}

void Engine::set_key(std::optional<int> pitch_class) {
    const int before = transpose_for(current_key_);
    key_override_ = pitch_class;
    const int move = transpose_for(current_key_) - before;
    if (move == 0) return;
    // The chord now sounding moves with the key: each note lets go while its transposed
    // twin comes in, a crossfade as long as the pad's own attack and release.
    struct Held {
        int pitch;
        float velocity;
        bool sub;
    };
    std::vector<Held> held;
    for (PadVoice& v : pads_) {
        if (!v.active() || v.released >= 0) continue;
        held.push_back({v.pitch + move, v.velocity, v.sub()});
        v.release(now_);
    }
    for (const Held& h : held) start_pad(h.pitch, h.velocity, h.sub);
    for (LeadVoice& v : leads_)
        if (v.active() && v.released < 0) v.release(now_);
}

void Engine::keep_pads_at_full_rate() {
    pad_divider_ = 1;
    for (PadVoice& v : pads_) v.init(rate_);
    pad_filter_.init(rate_);
    formants_.init(rate_);
    formants_.set(patch_.pad.vowel, patch_.pad.formant);
}

void Engine::make_room_for(int polyphony) {
    const auto want = static_cast<std::size_t>(polyphony + fade_slots);
    if (pads_.size() >= want) return;
    const std::size_t had = pads_.size();
    pads_.resize(want);
    for (std::size_t i = had; i < want; ++i) pads_[i].init(pad_rate());
}

void Engine::morph_to(const Patch& target, double seconds) {
    make_room_for(target.master.polyphony);  // before the patch asks for the voices
    morph_ = std::make_unique<PatchMorph>(patch_, target);
    next_reverb_.reset();
    if (target.reverb.size != patch_.reverb.size ||
        target.reverb.predelay_ms != patch_.reverb.predelay_ms) {
        next_reverb_ = std::make_unique<Reverb>();
        next_reverb_->init(rate_, target.reverb);
    }
    morph_length_ = std::max(1.0, seconds * rate_);
    morph_done_ = 0.0;
    morph_countdown_ = 0;
}

// The glide moves every 256 samples (5 ms): finer than any ear follows a timbre, and cheap.
void Engine::step_morph(int frames) {
    if (!morph_) return;
    morph_countdown_ -= frames;
    morph_done_ += frames;
    if (morph_countdown_ > 0 && morph_done_ < morph_length_) return;
    morph_countdown_ = 256;
    const float t = static_cast<float>(std::min(1.0, morph_done_ / morph_length_));
    patch_ = morph_->at(t);
    reverb_.set(patch_.reverb);
    if (next_reverb_) next_reverb_->set(patch_.reverb);
    if (t >= 1.0f) {
        morph_.reset();
        if (next_reverb_) reverb_ = std::move(*next_reverb_);  // the new room alone now
        next_reverb_.reset();
    }
    delay_.set(patch_.delay);
    chorus_.set(patch_.chorus);
    formants_.set(patch_.pad.vowel, patch_.pad.formant);
}

void Engine::stretch(double factor, double bpm) {
    delay_.set_tempo(static_cast<float>(bpm));
    for (std::size_t i = next_event_; i < events_.size(); ++i) {
        Event& e = events_[i];
        e.time = now_ + static_cast<std::int64_t>(std::llround(double(e.time - now_) * factor));
        if (auto* hit = std::get_if<Hit>(&e.what)) hit->seconds *= static_cast<float>(factor);
    }
}

void Engine::dispatch(const Event& e) {
    const int shift = transpose_for(e.key);
    if (const auto* phrase = std::get_if<PhraseStart>(&e.what)) {
        delay_.set_tempo(phrase->bpm);
        intensity_target_ = intensity_override_.value_or(phrase->intensity);
        current_key_ = e.key;
    } else if (const auto* on = std::get_if<NoteOn>(&e.what)) {
        if (on->part == Part::lead)
            start_lead(on->pitch + shift, on->velocity);
        else
            start_pad(on->pitch + shift, on->velocity, on->part == Part::sub);
    } else if (const auto* off = std::get_if<NoteOff>(&e.what)) {
        if (off->part == Part::lead) {
            for (LeadVoice& v : leads_)
                if (v.active() && v.released < 0 && v.pitch == off->pitch + shift) v.release(now_);
        } else {
            release_pad(off->pitch + shift, off->part == Part::sub);
        }
    } else if (const auto* hit = std::get_if<Hit>(&e.what)) {
        percussion_.start(hit->sound, patch_.percussion, hit->velocity, hit->pitch + shift,
                          hit->seconds,
                          random_at(now_, 2000u + 256u * std::uint32_t(hit->sound) +
                                              std::uint32_t(hit->pitch + 128)),
                          now_);
    }
}

void Engine::start_lead(int pitch, float velocity) {
    float from = -1.0f;
    if (last_lead_ >= 0) {
        LeadVoice& last = leads_[static_cast<std::size_t>(last_lead_)];
        // Glide between notes that touch: the last one still gated or only just let go.
        bool touching =
            last.active() && (last.released < 0 || now_ - last.released < rate_ * 0.05f);
        if (touching && patch_.lead.glide > 0.0f) from = last.current_pitch();
        if (last.released < 0) last.release(now_);
    }
    LeadVoice& v = allocate(leads_, lead_voices - 2);
    v.start(patch_.lead, pitch, velocity, from, now_);
    last_lead_ = static_cast<int>(&v - leads_.data());
}

// The effects work the engine's blocks whole, not sample by sample.
static_assert(StereoDelay::max_block >= Engine::control_block &&
              Reverb::max_block >= Engine::control_block);

void Engine::render(float* left, float* right, int frames) {
    int done = 0;
    while (done < frames) {
        while (next_event_ < events_.size() && events_[next_event_].time <= now_)
            dispatch(events_[next_event_++]);
        std::int64_t until =
            next_event_ < events_.size() ? events_[next_event_].time : now_ + control_block;
        int chunk =
            static_cast<int>(std::min<std::int64_t>({frames - done, control_block, until - now_}));
        render_chunk(left + done, right + done, chunk);
        done += chunk;
        now_ += chunk;
    }
}

AMBIENT_SIMD void Engine::render_chunk(float* left, float* right, int n) {
    step_morph(n);
    float* b = bus_.data();
    Buses buses{b,
                b + bus_stride,
                b + 2 * bus_stride,
                b + 3 * bus_stride,
                b + 4 * bus_stride,
                b + 5 * bus_stride,
                b + 6 * bus_stride,
                b + 7 * bus_stride};
    // Silence in the buses sounds are added into, only the frames this chunk uses (a short
    // chunk, an event's, clears no more than it mixes); the pads at half the rate fill
    // theirs whole.
    for (float* bus :
         {buses.lead, buses.percussion_l, buses.percussion_r, buses.delay_l, buses.delay_r})
        std::fill_n(bus, n, 0.0f);
    if (pad_divider_ == 1) {
        std::fill_n(buses.pad_l, n, 0.0f);
        std::fill_n(buses.pad_r, n, 0.0f);
    }
    LeadVoice::process_all(leads_, buses, n);
    percussion_.process(buses, n);

    // The pad bus through one resonant low-pass (the filter is linear, so one for the sum
    // is the same as one per voice), its cutoff set by intensity and a slow drift.
    intensity_ += (intensity_target_ - intensity_) * intensity_glide_;
    lfo_phase_ += patch_.pad.lfo_rate * float(n) / rate_;
    lfo_phase_ -= float(int(lfo_phase_));
    const PadPatch& pad = patch_.pad;
    float cutoff = (pad.cutoff + pad.cutoff_span * intensity_ * std::sqrt(intensity_)) *
                   std::exp2(pad.lfo_depth * dsp::sin_turns(lfo_phase_));
    render_pads(buses.pad_l, buses.pad_r, n, cutoff, 0.8f + 0.4f * intensity_);
    if (chorus_.enabled()) chorus_.process(buses.pad_l, buses.pad_r, n);

    // Echoes of the lead and bells.
    const LeadPatch& lead = patch_.lead;
    for (int i = 0; i < n; ++i) {
        buses.delay_l[i] += buses.lead[i] * lead.delay_send;
        buses.delay_r[i] += buses.lead[i] * lead.delay_send;
    }
    delay_.process_wet(buses.delay_l, buses.delay_r, n);

    // The dry mix goes to `left`/`right`, the reverb's input to the percussion bus (done with).
    mix_dry(buses, {pad.reverb_send, lead.reverb_send, patch_.percussion.reverb_send}, left, right,
            n);
    // The hall over everything (echoes included, so they wash into the tail).
    reverb_.process_wet(buses.percussion_l, buses.percussion_r, buses.pad_l, buses.pad_r, n);
    if (next_reverb_) {
        // The delay buses are done with: the new room's tail goes there, then in.
        next_reverb_->process_wet(buses.percussion_l, buses.percussion_r, buses.delay_l,
                                  buses.delay_r, n);
        const float x = static_cast<float>(std::min(1.0, morph_done_ / morph_length_));
        const float old_room = std::sqrt(1.0f - x), new_room = std::sqrt(x);
        for (int i = 0; i < n; ++i) {
            buses.pad_l[i] = old_room * buses.pad_l[i] + new_room * buses.delay_l[i];
            buses.pad_r[i] = old_room * buses.pad_r[i] + new_room * buses.delay_r[i];
        }
    }
    const float wet = Reverb::wet_gain(patch_.reverb.mix);
    const float level = dsp::db_to_gain(patch_.master.gain_db + output_trim_db);  // glides
    add_wet(buses.pad_l, wet, level, left, n);
    add_wet(buses.pad_r, wet, level, right, n);
}

void Engine::render_pads(float* left, float* right, int n, float cutoff, float gain) {
    if (pad_divider_ == 1) return pads_at_pad_rate(left, right, n, cutoff, gain);
    int done = 0;
    if (has_spare_) {
        left[0] = spare_l_;
        right[0] = spare_r_;
        has_spare_ = false;
        done = 1;
    }
    const int half = (n - done + 1) / 2;  // pad samples, each two frames
    if (half == 0) return;
    float l[max_block / 2 + 1] = {}, r[max_block / 2 + 1] = {};
    pads_at_pad_rate(l, r, half, cutoff, gain);
    // Straight into the buses, whose room past the chunk takes a frame left over.
    upsampler_.process(l, r, half, left + done, right + done);
    if (2 * half > n - done) {
        spare_l_ = left[n];
        spare_r_ = right[n];
        has_spare_ = true;
    }
}

// `n` samples at the pad rate, into silence.
AMBIENT_SIMD void Engine::pads_at_pad_rate(float* left, float* right, int n, float cutoff,
                                           float gain) {
    const Buses pads{left, right, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr};
    for (PadVoice& v : pads_)
        if (v.active()) v.process(pads, n);
    // One resonant low-pass for the sum (the filter is linear: the same as one per voice).
    pad_filter_.follow(cutoff, cutoff * 1.03f, patch_.pad.resonance);
    pad_filter_.process<Svf::Output::low>(left, right, left, right, n);
    for (int i = 0; i < n; ++i) {
        left[i] *= gain;
        right[i] *= gain;
    }
    if (formants_.enabled()) formants_.process(left, right, n);
}

bool Engine::quiet() const {
    return next_event_ >= events_.size() && sounding_voices() == 0;
}

int Engine::sounding_voices() const {
    int n = 0;
    for (const PadVoice& v : pads_) n += v.active();
    for (const LeadVoice& v : leads_) n += v.active();
    n += percussion_.sounding();
    return n;
}

}  // namespace ambient
