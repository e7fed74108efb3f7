#include "stream/resampler.hpp"

#include <samplerate.h>

#include <string>

#include "core/error.hpp"

namespace ambient {

void Resampler::Free::operator()(SRC_STATE* s) const {
    src_delete(s);
}

Resampler::Resampler(int channels, int from_rate, int to_rate)
    : channels_(channels), ratio_(static_cast<double>(to_rate) / from_rate) {
    int error = 0;
    state_.reset(src_new(SRC_SINC_MEDIUM_QUALITY, channels, &error));
    if (!state_ || src_is_valid_ratio(ratio_) == 0)
        throw Error(ErrorKind::usage,
                    "cannot resample from " + std::to_string(from_rate) + " Hz to " +
                        std::to_string(to_rate) + " Hz",
                    Place::of_setting("rate", std::to_string(from_rate)));
}

Resampler::~Resampler() = default;

void Resampler::process(const std::vector<float>& in, std::vector<float>& out, bool last) {
    const long in_frames = static_cast<long>(in.size()) / channels_;
    long done = 0;
    // Loop until the input is consumed (and, at the end, the converter's delay flushed).
    for (;;) {
        const long room = static_cast<long>((in_frames - done) * ratio_) + 256;
        std::size_t start = out.size();
        out.resize(start + static_cast<std::size_t>(room * channels_));
        SRC_DATA data{};
        data.data_in = in.data() + done * channels_;
        data.input_frames = in_frames - done;
        data.data_out = out.data() + start;
        data.output_frames = room;
        data.src_ratio = ratio_;
        data.end_of_input = last ? 1 : 0;
        int error = src_process(state_.get(), &data);
        if (error != 0)
            throw Error(ErrorKind::data, std::string("resampling: ") + src_strerror(error));
        out.resize(start + static_cast<std::size_t>(data.output_frames_gen * channels_));
        done += data.input_frames_used;
        if (done >= in_frames && (!last || data.output_frames_gen == 0)) break;
    }
}

}  // namespace ambient
