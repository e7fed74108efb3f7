// Oscillators, filter and envelope: pitch, response and timing measured on their output.
#include <gtest/gtest.h>

#include "signal.hpp"
#include "synth/envelope.hpp"
#include "synth/oscillator.hpp"
#include "synth/percussion.hpp"
#include "synth/svf.hpp"
#include "synth/voices.hpp"

namespace ambient {
namespace {

constexpr float rate = 48000.0f;

std::vector<float> run(Oscillator& o, int n) {
    std::vector<float> out(static_cast<std::size_t>(n));
    for (float& x : out) x = o.process();
    return out;
}

TEST(Oscillator, PitchIsRightForEveryWaveform) {
    for (Waveform w : {Waveform::sine, Waveform::triangle, Waveform::saw, Waveform::square})
        for (float hz : {55.0f, 440.0f, 3520.0f}) {
            Oscillator o;
            o.init(rate);
            o.set_waveform(w);
            o.set_frequency(hz);
            auto x = run(o, 48000);
            // The triangle's leaky integrator needs a moment to settle around zero.
            std::vector<float> settled(x.begin() + 4800, x.end());
            EXPECT_NEAR(test::zero_crossing_frequency(settled, rate), hz, hz * 0.002)
                << "waveform " << int(w) << " at " << hz;
        }
}

TEST(Oscillator, BlockAndSampleSawAgree) {
    // The block form computes each phase from the block's start rather than accumulating,
    // so the two differ by rounding; near each corrected edge that shows, elsewhere not.
    Oscillator a, b;
    for (Oscillator* o : {&a, &b}) {
        o->init(rate);
        o->set_frequency(311.0f);
    }
    std::vector<float> env(64, 1.0f), l(64), r(64), block, sample;
    for (int n = 0; n < 750; ++n) {
        std::fill(l.begin(), l.end(), 0.0f);
        a.add_block(env.data(), 1.0f, 0.5f, l.data(), r.data(), 64);
        block.insert(block.end(), l.begin(), l.end());
        for (int i = 0; i < 64; ++i) sample.push_back(b.process());
    }
    // Over the first ten blocks the accumulated rounding of the sample form is still tiny.
    std::vector<float> difference(640);
    for (std::size_t i = 0; i < difference.size(); ++i) difference[i] = block[i] - sample[i];
    EXPECT_LT(test::rms(difference), 1e-3);
    EXPECT_NEAR(test::zero_crossing_frequency(block, rate), 311.0, 0.3);
}

TEST(Oscillator, BlockWavesCorrectEveryCornerOnce) {
    // The block adds the naive wave, then the correction near each corner only: every
    // sample must still be the corrected wave at its phase, at low notes (a corner now and
    // then) and high ones (a corner every sample or two, where the windows overlap), from
    // any start phase and in blocks of any length.
    struct Wave {
        Waveform form;
        float (*at)(float, float, float);
    };
    for (Wave w : {Wave{Waveform::saw, osc::saw}, Wave{Waveform::square, osc::square},
                   Wave{Waveform::triangle, osc::triangle}})
        for (float hz : {55.0f, 311.0f, 2000.0f, 9000.0f, 15000.0f, 21000.0f})
            for (float start : {0.0f, 0.3f, 0.5f, 0.999f})
                for (int frames : {1, 7, 64, 256}) {
                    Oscillator o;
                    o.init(rate);
                    o.set_waveform(w.form);
                    o.set_frequency(hz);
                    o.set_phase(start);
                    const float dt = o.increment();
                    std::vector<float> env(256, 0.5f), l(256), r(256);
                    float phase = start;
                    for (int block = 0; block < 20; ++block) {
                        std::fill(l.begin(), l.end(), 0.0f);
                        o.add_block(env.data(), 1.0f, 0.25f, l.data(), r.data(), frames);
                        for (int i = 0; i < frames; ++i) {
                            const float t = osc::wrap(phase + float(i + 1) * dt);
                            ASSERT_NEAR(l[std::size_t(i)], 0.5f * w.at(t, 1.0f / dt, dt), 1e-5f)
                                << "waveform " << int(w.form) << ", " << hz << " Hz from " << start
                                << ", block " << block << " of " << frames << ", sample " << i;
                        }
                        phase = osc::wrap(phase + float(frames) * dt);
                    }
                }
}

TEST(Oscillator, PolyBlepSawAliasesFarLessThanANaiveSaw) {
    // 5 kHz at 48 kHz: the 9th harmonic (45 kHz) folds to 3 kHz, the 11th (55 kHz) to 7 kHz.
    Oscillator o;
    o.init(rate);
    o.set_frequency(5000.0f);
    auto blep = run(o, 48000);
    std::vector<float> naive(48000);
    double phase = 0;
    for (float& x : naive) {
        phase += 5000.0 / rate;
        phase -= std::floor(phase);
        x = float(2.0 * phase - 1.0);
    }
    for (double alias : {3000.0, 7000.0}) {
        double ours =
            test::db(test::amplitude_at(blep, alias, rate) / test::amplitude_at(blep, 5000, rate));
        double theirs = test::db(test::amplitude_at(naive, alias, rate) /
                                 test::amplitude_at(naive, 5000, rate));
        EXPECT_LT(ours, theirs - 12.0)
            << alias << " Hz: " << ours << " dB vs naive " << theirs << " dB";
        EXPECT_LT(ours, -40.0) << alias;
    }
}

// A second of a sine through one output of the filter, left at `cutoff`, right an octave
// up, in uneven blocks; both channels' outputs.
template <Svf::Output output>
std::pair<std::vector<float>, std::vector<float>> filtered(float cutoff, float q, float hz) {
    StereoSvf f;
    f.init(rate);
    f.set(cutoff, 2.0f * cutoff, q);
    std::vector<float> in(48000), l(48000), r(48000);
    for (std::size_t i = 0; i < in.size(); ++i)
        in[i] = std::sin(2.0f * float(M_PI) * hz * float(i) / rate);
    for (std::size_t at = 0, n = 1; at < in.size(); at += n, n = n % 61 + 7) {
        n = std::min(n, in.size() - at);
        f.process<output>(&in[at], &in[at], &l[at], &r[at], int(n));
    }
    return {l, r};
}

double lowpass_gain_db(float cutoff, float q, float hz) {
    auto [out, up] = filtered<Svf::Output::low>(cutoff, q, hz);
    auto [twice, _] = filtered<Svf::Output::low>(2.0f * cutoff, q, hz);
    EXPECT_EQ(up, twice) << "the right channel is its own filter, at its own cutoff";
    std::vector<float> in(48000);
    for (std::size_t i = 0; i < in.size(); ++i)
        in[i] = std::sin(2.0f * float(M_PI) * hz * float(i) / rate);
    return test::db(test::rms(out, 4800) / test::rms(in, 4800));
}

TEST(Svf, LowPassResponse) {
    EXPECT_NEAR(lowpass_gain_db(1000.0f, 0.7071f, 1000.0f), -3.0, 0.3) << "-3 dB at cutoff";
    EXPECT_NEAR(lowpass_gain_db(1000.0f, 0.7071f, 100.0f), 0.0, 0.2) << "passband";
    EXPECT_LT(lowpass_gain_db(1000.0f, 0.7071f, 10000.0f), -38.0) << "12 dB per octave";
    EXPECT_NEAR(lowpass_gain_db(1000.0f, 4.0f, 1000.0f), test::db(4.0), 0.5)
        << "resonance: gain Q at cutoff";
}

TEST(Svf, BandAndHighOutputs) {
    auto [high, high_r] = filtered<Svf::Output::high>(2000.0f, 0.7071f, 100.0f);
    auto [band, band_r] = filtered<Svf::Output::band>(2000.0f, 0.7071f, 100.0f);
    auto peak = [](const std::vector<float>& x) {
        float p = 0.0f;
        for (std::size_t i = 4800; i < x.size(); ++i) p = std::max(p, std::fabs(x[i]));
        return p;
    };
    EXPECT_LT(peak(high), 0.01);  // 100 Hz is far below a 2 kHz high-pass
    EXPECT_LT(peak(band), 0.1);
    EXPECT_GT(peak(band), 0.01) << "a band-pass lets a little through";
}

TEST(Envelope, AttackAndReleaseTimes) {
    Envelope e;
    e.init(rate);
    e.set(0.5f, 0.2f, 0.6f, 2.0f);
    e.gate_on();
    int peak_at = -1;
    for (int i = 1; i <= 48000 && peak_at < 0; ++i)
        if (e.process() >= 1.0f) peak_at = i;
    EXPECT_NEAR(peak_at, 24000, 2) << "attack of 0.5 s";
    for (int i = 0; i < 48000; ++i) e.process();
    EXPECT_NEAR(e.level(), 0.6f, 1e-3) << "sustain";
    e.gate_off();
    for (int i = 0; i < 48000; ++i) e.process();
    EXPECT_NEAR(e.level(), 0.6f * std::pow(10.0f, -1.5f), 2e-4)
        << "-30 dB half way through a 2 s release";
    for (int i = 0; i < 48000; ++i) e.process();
    EXPECT_FALSE(e.active()) << "silent (-60 dB) by the release time";
}

TEST(Envelope, BlockFormFollowsTheSampleForm) {
    Envelope a, b;
    for (Envelope* e : {&a, &b}) {
        e->init(rate);
        e->set(1.0f, 0.5f, 0.7f, 3.0f);
        e->gate_on();
    }
    std::vector<float> block(64);
    for (int n = 0; n < 48000 * 3; n += 64) {
        if (n == 48000 * 2) a.gate_off(), b.gate_off();
        a.process_block(block.data(), 64);
        for (int i = 0; i < 64; ++i)
            ASSERT_NEAR(block[static_cast<std::size_t>(i)], b.process(), 5e-3) << n + i;
    }
}

TEST(Envelope, FadeOutIsShortAndSmooth) {
    Envelope e;
    e.init(rate);
    e.set(0.001f, 0.1f, 1.0f, 5.0f);
    e.gate_on();
    for (int i = 0; i < 1000; ++i) e.process();
    e.fade_out(0.005f);
    float last = e.level(), biggest_step = 0;
    int n = 0;
    while (e.active() && n < 1000) {
        float x = e.process();
        biggest_step = std::max(biggest_step, last - x);
        last = x;
        ++n;
    }
    EXPECT_NEAR(n, 240, 2) << "5 ms";
    EXPECT_LT(biggest_step, 1.0f / 200.0f) << "a ramp, not a jump";
}

// The lead's voices low-passed side by side (eight at a time) are each voice alone: ten
// voices, one under another cutoff (a morph), one ending while the others play.
TEST(LeadVoices, TogetherAreEachAloneSampleForSample) {
    auto voices = [](int count) {
        std::vector<LeadVoice> v(static_cast<std::size_t>(count));
        for (LeadVoice& voice : v) voice.init(rate);
        return v;
    };
    std::vector<LeadVoice> together = voices(10);
    std::vector<std::vector<LeadVoice>> alone;
    for (int i = 0; i < 10; ++i) alone.push_back(voices(1));
    auto start = [](LeadVoice& v, int i) {
        LeadPatch p;
        p.cutoff = i == 9 ? 1800.0f : 3200.0f;  // the last alone, the others side by side
        p.release = i == 4 ? 0.05f : 1.0f;
        v.start(p, 60 + 2 * i, 0.5f + 0.04f * float(i), -1.0f, 0);
        if (i == 4) v.release(0);
    };
    for (int i = 0; i < 10; ++i) {
        start(together[std::size_t(i)], i);
        start(alone[std::size_t(i)][0], i);
    }
    std::vector<float> bus_together(8 * max_block), bus_alone(8 * max_block);
    auto buses = [](std::vector<float>& bus) {
        return Buses{&bus[0],
                     &bus[max_block],
                     &bus[2 * max_block],
                     &bus[3 * max_block],
                     &bus[4 * max_block],
                     &bus[5 * max_block],
                     &bus[6 * max_block],
                     &bus[7 * max_block]};
    };
    for (int block = 0; block < 40; ++block) {
        const int frames = block % 5 == 0 ? 37 : max_block;
        std::fill(bus_together.begin(), bus_together.end(), 0.0f);
        std::fill(bus_alone.begin(), bus_alone.end(), 0.0f);
        LeadVoice::process_all(together, buses(bus_together), frames);
        for (auto& one : alone) LeadVoice::process_all(one, buses(bus_alone), frames);
        ASSERT_EQ(bus_together, bus_alone) << "block " << block;
    }
    EXPECT_FALSE(together[4].active()) << "the short release ended";
    EXPECT_TRUE(together[9].active());
}

// Renders one hit of `sound` alone; returns the left bus, block by block, until it ends.
std::vector<float> hit(PercussionSound sound, float seconds, int steal_after = -1) {
    PercussionSet set;
    set.init(rate);
    set.start(sound, PercussionPatch{}, 0.8f, 72, seconds, 12345u, 0);
    std::vector<float> out, bus(8 * 64);
    for (int block = 0; set.sounding() > 0 && block < 48000; ++block) {
        if (block == steal_after)  // silent bells, as many as the set holds: the first is stolen
            for (int i = 0; i < 16; ++i)
                set.start(sound, PercussionPatch{}, 0.0f, 60, seconds, 7u, block * 64);
        std::fill(bus.begin(), bus.end(), 0.0f);
        Buses b{&bus[0],   &bus[64],  &bus[128], &bus[192],
                &bus[256], &bus[320], &bus[384], &bus[448]};
        set.process(b, 64);
        out.insert(out.end(), bus.begin() + 192, bus.begin() + 256);  // percussion left
    }
    return out;
}

TEST(PercussionUnits, EachSoundRingsForItsTimeThenEnds) {
    const PercussionPatch p;
    struct Case {
        PercussionSound sound;
        float seconds, lasts;
    };
    for (Case c :
         {Case{PercussionSound::kick, 0.5f, p.kick_decay * 1.5f},
          Case{PercussionSound::bell, 1.0f, p.bell_decay}, Case{PercussionSound::swell, 2.0f, 2.6f},
          Case{PercussionSound::bed, 3.0f, 5.0f}, Case{PercussionSound::tick, 0.05f, 0.06f}}) {
        auto x = hit(c.sound, c.seconds);
        const double length = double(x.size()) / rate;
        EXPECT_NEAR(length, c.lasts, 64.0 / rate + 1e-3) << int(c.sound);
        EXPECT_GT(test::rms(x), 1e-4) << int(c.sound) << " makes no sound";
        for (float v : x) ASSERT_TRUE(std::isfinite(v));
    }
}

TEST(PercussionUnits, TheKickIsASineWhosePitchFallsFromStartToEnd) {
    // Where the kick crosses zero its phase is a whole number of half turns: against the
    // phase its falling pitch gives, summed sample by sample in double.
    const PercussionPatch p;
    const auto x = hit(PercussionSound::kick, 0.5f);
    const double dt = 1.0 / rate, span = p.kick_start_hz - p.kick_end_hz;
    // Sample i's phase: the steps at the pitch of times 1 .. i + 1 samples in.
    const auto step = [&](std::size_t i) {
        return (p.kick_end_hz + span * std::exp(-double(i + 1) * dt / p.kick_sweep)) * dt;
    };
    double phase = step(0), worst = 0.0;
    int crossings = 0;
    for (std::size_t i = 1; i < x.size(); ++i) {
        const double before = phase;
        phase += step(i);
        if (i < 48 || (x[i - 1] < 0.0f) == (x[i] < 0.0f) || x[i] == 0.0f) continue;
        // The crossing between samples i - 1 and i, the phase there by interpolation.
        const double at = before + (phase - before) * x[i - 1] / (double(x[i - 1]) - x[i]);
        worst = std::max(worst, std::fabs(at * 2.0 - std::round(at * 2.0)) / 2.0);
        ++crossings;
    }
    EXPECT_GT(crossings, 40) << "half a second from 105 Hz down to 44";
    EXPECT_LT(worst, 2e-4) << "turns off a zero crossing";
}

TEST(PercussionUnits, AStolenHitFadesInFiveMilliseconds) {
    auto x = hit(PercussionSound::bell, 1.0f, 10);  // stolen after 10 blocks
    // The bell stops within 5 ms of the steal (300 samples on: silence), not rings on.
    float before = 0.0f, after = 0.0f;
    for (std::size_t i = 9 * 64; i < 10 * 64; ++i) before = std::max(before, std::fabs(x[i]));
    for (std::size_t i = 10 * 64 + 300; i < 10 * 64 + 400; ++i)
        after = std::max(after, std::fabs(x[i]));
    EXPECT_GT(before, 0.01f);
    EXPECT_EQ(after, 0.0f) << "the stolen hit let go";
}

}  // namespace
}  // namespace ambient
