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
// its instructions. So blocks go eight samples at a time: the filter is linear, so its
// eight outputs are the sum of its responses to each of the eight inputs and to the state
// before them, and the state after them likewise. Those responses are found once for each
// setting (by running the filter on an impulse and on each unit state), and the chain that
// waits is one step per eight samples. The outputs differ from sample by sample only in
// rounding (about 1e-7 of the signal).
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
    static constexpr int chunk = 8, none = -1;
    struct State {
        Pair ic1, ic2;
    };
    // One channel's responses over a chunk, as sixteen lanes: the chunk's eight outputs,
    // then the state after it (ic1, ic2), then nothing. So one vector sum gives the
    // outputs and the next state together: the state waits on no sum across lanes.
    using Wide = float __attribute__((vector_size(64)));
    static constexpr int ic1_lane = chunk, ic2_lane = chunk + 1;
    struct Responses {
        Wide to_input[chunk];  // from the chunk's input j (outputs 0 before lane j)
        Wide to_ic1, to_ic2;   // from the state before the chunk
    };

    // One sample through both filters.
    template <Svf::Output output>
    Pair step(State& s, Pair v0) const {
        const Pair v3 = v0 - s.ic2;
        const Pair v1 = a1_ * s.ic1 + a2_ * v3;
        const Pair v2 = s.ic2 + a2_ * s.ic1 + a3_ * v3;
        const Pair two = {2.0f, 2.0f};
        s.ic1 = two * v1 - s.ic1;
        s.ic2 = two * v2 - s.ic2;
        return output == Svf::Output::low    ? v2
               : output == Svf::Output::band ? v1
                                             : v0 - k_ * v1 - v2;
    }

    template <Svf::Output output>
    void find_responses() {
        const Pair zero = {0.0f, 0.0f}, one = {1.0f, 1.0f};
        Pair y[chunk], ic1[chunk], ic2[chunk];
        State s{zero, zero};
        for (int t = 0; t < chunk; ++t) {  // an impulse at the chunk's start
            y[t] = step<output>(s, t == 0 ? one : zero);
            ic1[t] = s.ic1;
            ic2[t] = s.ic2;
        }
        for (int c = 0; c < 2; ++c) {
            Responses& r = responses_[c];
            for (int j = 0; j < chunk; ++j) {
                r.to_input[j] = Wide{};
                for (int i = 0; i < chunk; ++i) r.to_input[j][i] = i >= j ? y[i - j][c] : 0.0f;
                // An input at j has chunk - j steps to go.
                r.to_input[j][ic1_lane] = ic1[chunk - 1 - j][c];
                r.to_input[j][ic2_lane] = ic2[chunk - 1 - j][c];
            }
        }
        for (int unit = 0; unit < 2; ++unit) {  // each state alone, nothing in
            s = unit == 0 ? State{one, zero} : State{zero, one};
            for (int t = 0; t < chunk; ++t) y[t] = step<output>(s, zero);
            for (int c = 0; c < 2; ++c) {
                Wide& to_state = unit == 0 ? responses_[c].to_ic1 : responses_[c].to_ic2;
                to_state = Wide{};
                for (int t = 0; t < chunk; ++t) to_state[t] = y[t][c];
                to_state[ic1_lane] = s.ic1[c];
                to_state[ic2_lane] = s.ic2[c];
            }
        }
        responses_for_ = static_cast<int>(output);
    }

    // `chunks` chunks of eight frames through the responses (svf.cpp: in SIMD).
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
