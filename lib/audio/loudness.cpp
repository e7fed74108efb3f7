#include "audio/loudness.hpp"

#include <ebur128.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace ambient {

struct LoudnessMeter::State {
    ebur128_state* st = nullptr;
    ~State() {
        if (st) ebur128_destroy(&st);
    }
};

LoudnessMeter::LoudnessMeter(int rate, int channels, bool true_peak)
    : state_(std::make_unique<State>()), channels_(channels) {
    int mode = EBUR128_MODE_I | EBUR128_MODE_S | (true_peak ? EBUR128_MODE_TRUE_PEAK : 0);
    state_->st =
        ebur128_init(static_cast<unsigned>(channels), static_cast<unsigned long>(rate), mode);
    if (!state_->st) throw std::runtime_error("libebur128 could not start");
}

LoudnessMeter::~LoudnessMeter() = default;
LoudnessMeter::LoudnessMeter(LoudnessMeter&&) noexcept = default;
LoudnessMeter& LoudnessMeter::operator=(LoudnessMeter&&) noexcept = default;

void LoudnessMeter::add(const float* interleaved, std::size_t frames) {
    ebur128_add_frames_float(state_->st, interleaved, frames);
}

static double finite_or_floor(double x) {
    return std::isfinite(x) ? x : -200.0;
}

double LoudnessMeter::integrated() const {
    double v = -HUGE_VAL;
    ebur128_loudness_global(state_->st, &v);
    return finite_or_floor(v);
}

double LoudnessMeter::short_term() const {
    double v = -HUGE_VAL;
    ebur128_loudness_shortterm(state_->st, &v);
    return finite_or_floor(v);
}

double LoudnessMeter::true_peak_db() const {
    double peak = 0.0;
    for (int c = 0; c < channels_; ++c) {
        double p = 0.0;
        ebur128_true_peak(state_->st, static_cast<unsigned>(c), &p);
        peak = std::max(peak, p);
    }
    return peak > 0.0 ? 20.0 * std::log10(peak) : -200.0;
}

}  // namespace ambient
