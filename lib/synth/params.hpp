// One descriptor per sound setting: its key, unit, default, range and help, stated once.
// A unit's settings struct starts from these defaults; patch JSON (reading, writing,
// validation), --print-patch, ambient-render --list-params, the flags of ambient-fx and
// the parameter lists of the man pages all come from the same descriptors.
#pragma once

#include <array>
#include <span>
#include <string>
#include <string_view>

namespace ambient {

struct Param {
    std::string_view key;   // "decay"
    std::string_view unit;  // "s", "ms", "Hz", "dB", "cents", "" for a plain number
    float value;            // the default
    float min, max;
    std::string_view help;
    bool integer = false;

    bool accepts(double x) const {
        return x >= min && x <= max && (!integer || x == static_cast<long long>(x));
    }
    // "a number from 0.3 to 30" (or "an integer …"): the text of every refusal.
    std::string expectation() const;
};

// A descriptor bound to the member of a settings struct that it describes.
template <typename Settings>
struct ParamOf {
    const Param* param;
    float Settings::*real = nullptr;
    int Settings::*whole = nullptr;

    double get(const Settings& s) const { return real ? double(s.*real) : double(s.*whole); }
    void set(Settings& s, double x) const {
        if (real)
            s.*real = static_cast<float>(x);
        else
            s.*whole = static_cast<int>(x);
    }
};

// The envelopes of the pad and the lead share their ranges and meaning, not their defaults.
namespace envelope_param {
constexpr Param attack(float value) {
    return {"attack", "s", value, 0.001f, 30.0f, "rise from silence to full level"};
}
constexpr Param decay(float value) {
    return {"decay", "s",   value,
            0.001f,  30.0f, "fall from full to the sustain level (-60 dB time)"};
}
constexpr Param sustain(float value) {
    return {"sustain", "", value, 0.0f, 1.0f, "level held while the note lasts"};
}
constexpr Param release(float value) {
    return {"release", "s", value, 0.01f, 30.0f, "fade after the note ends (-60 dB time)"};
}
}  // namespace envelope_param

}  // namespace ambient
