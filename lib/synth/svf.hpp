// State-variable filter, trapezoidal integration (A. Simper, "Linear Trapezoidal
// Integrated SVF", Cytomic 2013): stable under fast cutoff modulation, exact -3 dB at
// cutoff for Q = 0.707, low-, band- and high-pass from one state.
#pragma once

#include <cmath>

#include "synth/dsp.hpp"

namespace ambient {

// The filter's outputs, and its coefficients for a cutoff in Hz (clamped below Nyquist)
// and Q (0.5 gentle .. 10 ringing).
struct Svf {
    enum class Output { low, band, high };
    float k, a1, a2, a3;
    static Svf at(float rate, float cutoff_hz, float q) {
        const float fc = std::fmin(std::fmax(cutoff_hz, 10.0f), 0.49f * rate);
        const float g = std::tan(dsp::pi * fc / rate), k = 1.0f / std::fmax(q, 0.1f);
        const float a1 = 1.0f / (1.0f + g * (g + k)), a2 = g * a1;
        return {k, a1, a2, g * a2};
    }
};

// Left and right side by side, each with its own cutoff.
//
// Sample by sample a filter waits on its last sample: a dozen cycles a sample however few
// its instructions. So blocks go six samples at a time: the filter is linear, so its six
// outputs are the sum of its responses to each of the six inputs and to the state before
// them, and the state after them likewise. Those responses are found once for each setting
// (by running the filter on an impulse and on each unit state), and the chain that waits is
// one step per six samples, for the two channels side by side. A chunk of n costs n + 2
// products of n + 2 lanes: six outputs and the two states fill a vector of eight (chunks of
// four left two lanes idle and waited half as long again: six take 9 % fewer instructions
// in the chunks, though the whole render's time moved within this machine's noise); eight
// would need sixteen lanes. A block's last few samples (fewer than a chunk) go sample by
// sample. The outputs differ from sample by sample only in rounding (about 1e-7 of the
// signal).
class StereoSvf {
  public:
    void init(float sample_rate) {
        rate_ = sample_rate;
        set(1000.0f, 1000.0f, 0.7071f);
    }
    void set(float cutoff_l, float cutoff_r, float q) {
        cutoff_ = Pair{cutoff_l, cutoff_r};
        q_ = q;
        const Svf l = Svf::at(rate_, cutoff_l, q), r = Svf::at(rate_, cutoff_r, q);
        k_ = Pair{l.k, r.k};
        a1_ = Pair{l.a1, r.a1};
        a2_ = Pair{l.a2, r.a2};
        a3_ = Pair{l.a3, r.a3};
        responses_for_ = none;
    }
    // For a cutoff that moves a little every block (a sweep): set anew only once a cutoff
    // has moved 0.2 % (a 300th of an octave, inaudible as a step) or Q has changed, so a
    // slow sweep finds its coefficients and chunk responses every few blocks, not every one.
    void follow(float cutoff_l, float cutoff_r, float q) {
        const auto moved = [](float to, float from) {
            return std::fabs(to - from) > 0.002f * from;
        };
        if (moved(cutoff_l, cutoff_[0]) || moved(cutoff_r, cutoff_[1]) || q != q_)
            set(cutoff_l, cutoff_r, q);
    }
    template <Svf::Output output>
    void process(const float* in_l, const float* in_r, float* out_l, float* out_r, int n) {
        int done = 0;
        if (n >= chunk) {
            if (responses_for_ != static_cast<int>(output)) find_responses<output>();
            done = n / chunk * chunk;
            run_chunks(in_l, in_r, out_l, out_r, n / chunk);
        }
        State s{ic1_, ic2_};
        for (int i = done; i < n; ++i) {
            const Pair y = step<output>(s, Pair{in_l[i], in_r[i]});
            out_l[i] = y[0];
            out_r[i] = y[1];
        }
        ic1_ = s.ic1;
        ic2_ = s.ic2;
    }

  private:
    using Pair = float __attribute__((vector_size(8)));
    static constexpr int chunk = 6, none = -1;
    struct State {
        Pair ic1, ic2;
    };
    // One channel's responses over a chunk, as eight lanes: the chunk's six outputs, then
    // the state after it (ic1, ic2). So one vector sum gives the outputs and the next state
    // together: the state waits on no sum across lanes.
    using Wide = float __attribute__((vector_size(32)));
    static constexpr int ic1_lane = chunk, ic2_lane = chunk + 1;
    struct Responses {
        Wide to_input[chunk];  // from the chunk's input j (outputs 0 before lane j)
        // From the state before the chunk, less the state itself in its own lane (the state
        // is added back exactly): at low cutoffs a state keeps nearly all of itself from
        // chunk to chunk, and a factor of 1 - 1e-6 loses most of its difference from 1 in a
        // float, an error the state would carry on.
        Wide to_ic1, to_ic2;
    };

    // One sample through both filters, in floats (V = Pair) or doubles (V = Exact).
    template <Svf::Output output, typename V>
    static V step(V& ic1, V& ic2, V v0, const V (&c)[4]) {
        const V a1 = c[0], a2 = c[1], a3 = c[2], k = c[3];
        const V v3 = v0 - ic2;
        const V v1 = a1 * ic1 + a2 * v3;
        const V v2 = ic2 + a2 * ic1 + a3 * v3;
        ic1 = 2 * v1 - ic1;
        ic2 = 2 * v2 - ic2;
        return output == Svf::Output::low    ? v2
               : output == Svf::Output::band ? v1
                                             : v0 - k * v1 - v2;
    }
    template <Svf::Output output>
    Pair step(State& s, Pair v0) const {
        const Pair c[4] = {a1_, a2_, a3_, k_};
        return step<output>(s.ic1, s.ic2, v0, c);
    }

    // The responses worked out in doubles from the float coefficients, then rounded: the
    // chunks' filter is then the float filter's to within a rounding of each response (in
    // floats their errors add up over the chunk and shift a low, sharp resonance a little).
    using Exact = double __attribute__((vector_size(16)));
    template <Svf::Output output>
    void find_responses() {
        const Exact c[4] = {
            __builtin_convertvector(a1_, Exact), __builtin_convertvector(a2_, Exact),
            __builtin_convertvector(a3_, Exact), __builtin_convertvector(k_, Exact)};
        const Exact zero = {0.0, 0.0}, one = {1.0, 1.0};
        Exact y[chunk], ic1[chunk], ic2[chunk];
        Exact s1 = zero, s2 = zero;
        for (int t = 0; t < chunk; ++t) {  // an impulse at the chunk's start
            y[t] = step<output>(s1, s2, t == 0 ? one : zero, c);
            ic1[t] = s1;
            ic2[t] = s2;
        }
        for (int ch = 0; ch < 2; ++ch) {
            Responses& r = responses_[ch];
            for (int j = 0; j < chunk; ++j) {
                r.to_input[j] = Wide{};
                for (int i = 0; i < chunk; ++i)
                    r.to_input[j][i] = i >= j ? float(y[i - j][ch]) : 0.0f;
                // An input at j has chunk - j steps to go.
                r.to_input[j][ic1_lane] = float(ic1[chunk - 1 - j][ch]);
                r.to_input[j][ic2_lane] = float(ic2[chunk - 1 - j][ch]);
            }
        }
        for (int unit = 0; unit < 2; ++unit) {  // each state alone, nothing in
            s1 = unit == 0 ? one : zero;
            s2 = unit == 1 ? one : zero;
            for (int t = 0; t < chunk; ++t) y[t] = step<output>(s1, s2, zero, c);
            for (int ch = 0; ch < 2; ++ch) {
                Wide& to_state = unit == 0 ? responses_[ch].to_ic1 : responses_[ch].to_ic2;
                to_state = Wide{};
                for (int t = 0; t < chunk; ++t) to_state[t] = float(y[t][ch]);
                to_state[ic1_lane] = float(s1[ch] - (unit == 0 ? 1.0 : 0.0));
                to_state[ic2_lane] = float(s2[ch] - (unit == 1 ? 1.0 : 0.0));
            }
        }
        responses_for_ = static_cast<int>(output);
    }

    // `chunks` chunks of six frames through the responses (svf.cpp: in SIMD).
    void run_chunks(const float* in_l, const float* in_r, float* out_l, float* out_r, int chunks);
    AMBIENT_SIMD static void run_chunks_simd(const Responses* r, float* ic1, float* ic2,
                                             const float* const in[2], float* const out[2],
                                             int chunks);

    float rate_ = 48000.0f;
    Pair cutoff_ = {0, 0};  // the setting, in Hz
    float q_ = 0.0f;
    Pair k_ = {1.414f, 1.414f}, a1_ = {0, 0}, a2_ = {0, 0}, a3_ = {0, 0};
    Pair ic1_ = {0, 0}, ic2_ = {0, 0};
    int responses_for_ = none;  // the output the responses are for
    Responses responses_[2];
};

}  // namespace ambient
