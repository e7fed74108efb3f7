#include "synth/reverb.hpp"

#include <algorithm>
#include <cmath>

namespace ambient {

namespace {
// Milliseconds at size 1: mutually prime in samples at common rates, spread 30-80 ms.
constexpr std::array<float, 8> base_ms = {29.7f, 37.1f, 41.1f, 43.7f, 53.3f, 59.9f, 67.7f, 73.1f};

}  // namespace

void Reverb::init(float sample_rate, const ReverbSettings& s) {
    rate_ = sample_rate;
    s_ = s;
    predelay_samples_ =
        static_cast<std::size_t>(reverb_param::predelay_ms.clamp(s.predelay_ms) * 0.001f * rate_);
    predelay_l_.init(predelay_samples_ + 1);
    predelay_r_.init(predelay_samples_ + 1);
    const float size = reverb_param::size.clamp(s.size);
    for (int i = 0; i < lines; ++i) {
        auto n = static_cast<std::size_t>(i);
        length_[n] =
            std::max<std::size_t>(1, static_cast<std::size_t>(base_ms[n] * size * 0.001f * rate_));
        delay_[n].init(length_[n]);
        lowpass_[n] = 0.0f;
    }
    set(s);
}

void Reverb::set(const ReverbSettings& s) {
    s_.decay = s.decay;
    s_.damping = s.damping;
    s_.mix = s.mix;
    const float decay = reverb_param::decay.clamp(s.decay);
    for (std::size_t n = 0; n < lines; ++n)
        gain_[n] = std::pow(10.0f, -3.0f * static_cast<float>(length_[n]) / (decay * rate_));
    damping_coeff_ = std::min(reverb_param::damping.clamp(s.damping), 0.95f);  // 1 would be a wall
}

void Reverb::process_wet(const float* in_l, const float* in_r, float* out_l, float* out_r,
                         int frames) {
    alignas(16) float x[max_block][lines];
    // What each line gives out over the block (all written before the block began).
    for (int k = 0; k < lines; ++k) {
        auto n = static_cast<std::size_t>(k);
        for (int i = 0; i < frames; ++i)
            x[i][k] = delay_[n].read(length_[n] - static_cast<std::size_t>(i));
    }
    // Per sample: gain and damping per line, the taps out, the Hadamard mix, the input in.
    // Locals, not members, so the compiler keeps all eight lines in registers.
    alignas(16) float gain[lines], low[lines];
    for (int k = 0; k < lines; ++k) {
        gain[k] = gain_[static_cast<std::size_t>(k)];
        low[k] = lowpass_[static_cast<std::size_t>(k)];
    }
    const float damp = damping_coeff_;
    for (int i = 0; i < frames; ++i) {
        float* v = x[i];
        for (int k = 0; k < lines; ++k) {
            float y = v[k] * gain[k];
            low[k] = y + (low[k] - y) * damp;  // damping: highs decay faster
        }
        out_l[i] = 0.5f * (low[0] + low[2] + low[4] + low[6]);
        out_r[i] = 0.5f * (low[1] + low[3] + low[5] + low[7]);
        // Fast Walsh-Hadamard transform of the eight lines, normalised: lossless and dense.
        float a0 = low[0] + low[1], a1 = low[0] - low[1], a2 = low[2] + low[3],
              a3 = low[2] - low[3];
        float a4 = low[4] + low[5], a5 = low[4] - low[5], a6 = low[6] + low[7],
              a7 = low[6] - low[7];
        float b0 = a0 + a2, b1 = a1 + a3, b2 = a0 - a2, b3 = a1 - a3;
        float b4 = a4 + a6, b5 = a5 + a7, b6 = a4 - a6, b7 = a5 - a7;
        float l = predelay_samples_ ? predelay_l_.read(predelay_samples_) : in_l[i];
        float r = predelay_samples_ ? predelay_r_.read(predelay_samples_) : in_r[i];
        predelay_l_.write(in_l[i]);
        predelay_r_.write(in_r[i]);
        constexpr float norm = 0.35355339f;  // 1/sqrt(8)
        l *= 0.5f;
        r *= 0.5f;
        v[0] = (b0 + b4) * norm + l;
        v[1] = (b1 + b5) * norm + r;
        v[2] = (b2 + b6) * norm + l;
        v[3] = (b3 + b7) * norm + r;
        v[4] = (b0 - b4) * norm + l;
        v[5] = (b1 - b5) * norm + r;
        v[6] = (b2 - b6) * norm + l;
        v[7] = (b3 - b7) * norm + r;
    }
    for (int k = 0; k < lines; ++k) lowpass_[static_cast<std::size_t>(k)] = low[k];
    for (int k = 0; k < lines; ++k) {
        auto n = static_cast<std::size_t>(k);
        for (int i = 0; i < frames; ++i) delay_[n].write(x[i][k]);
    }
}

void Reverb::process(float* left, float* right, int frames) {
    float wet = reverb_param::mix.clamp(s_.mix), dry = 1.0f - wet;
    float wl[max_block], wr[max_block];
    for (int done = 0; done < frames; done += max_block) {
        int n = std::min(max_block, frames - done);
        float* l = left + done;
        float* r = right + done;
        process_wet(l, r, wl, wr, n);
        for (int i = 0; i < n; ++i) {
            l[i] = dry * l[i] + wet * wl[i];
            r[i] = dry * r[i] + wet * wr[i];
        }
    }
}

}  // namespace ambient
