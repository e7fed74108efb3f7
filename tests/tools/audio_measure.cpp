// Test helper: measures an audio file, or raw PCM on stdin, and prints one JSON object:
// frames, rate, channels, integrated loudness (LUFS), true peak (dBTP), sample peak,
// DC offset, NaN/Inf count, and the largest sample-to-sample step.
//   audio_measure FILE
//   audio_measure --raw f32le|s16le RATE CHANNELS < pcm
//   audio_measure --short-term FILE   adds "short_term": the 3 s loudness once a second
#include <cmath>
#include <iostream>
#include <iterator>
#include <string>

#include "audio/loudness.hpp"
#include "audio/sound_file.hpp"
#include "core/pcm.hpp"
#include "phrase/phrase.hpp"

using namespace ambient;

int main(int argc, char** argv) {
    SoundFileData d;
    const bool short_term = argc == 3 && std::string(argv[1]) == "--short-term";
    try {
        if (argc == 5 && std::string(argv[1]) == "--raw") {
            PcmFormat f{*parse_encoding(argv[2]), std::stoi(argv[3]), std::stoi(argv[4])};
            std::string bytes((std::istreambuf_iterator<char>(std::cin)),
                              std::istreambuf_iterator<char>());
            PcmDecoder dec(f);
            dec.decode(bytes, d.samples);
            d.rate = f.rate;
            d.channels = f.channels;
            if (dec.pending_bytes()) std::cerr << "audio_measure: trailing partial frame\n";
        } else if (argc == 2 || short_term) {
            d = read_sound_file(argv[argc - 1]);
        } else {
            std::cerr << "usage: audio_measure [--short-term] FILE | --raw FORMAT RATE CHANNELS\n";
            return 64;
        }
    } catch (const std::exception& e) {
        std::cerr << "audio_measure: " << e.what() << "\n";
        return 66;
    }
    std::size_t frames = d.channels ? d.samples.size() / static_cast<std::size_t>(d.channels) : 0;
    long bad = 0;
    double peak = 0, dc = 0, step = 0;
    for (std::size_t i = 0; i < d.samples.size(); ++i) {
        float x = d.samples[i];
        if (!std::isfinite(x)) {
            ++bad;
            continue;
        }
        peak = std::fmax(peak, std::fabs(x));
        dc += x;
        if (i >= static_cast<std::size_t>(d.channels))
            step =
                std::fmax(step, std::fabs(x - d.samples[i - static_cast<std::size_t>(d.channels)]));
    }
    Json j;
    j["frames"] = frames;
    j["rate"] = d.rate;
    j["channels"] = d.channels;
    j["nonfinite"] = bad;
    j["peak"] = peak;
    j["dc"] = d.samples.empty() ? 0.0 : dc / double(d.samples.size());
    j["max_step"] = step;
    if (frames > 0 && d.rate > 0) {
        LoudnessMeter m(d.rate, d.channels, true);
        m.add(d.samples.data(), frames);
        j["lufs"] = m.integrated();
        j["true_peak_db"] = m.true_peak_db();
    }
    if (short_term && d.rate > 0) {
        LoudnessMeter m(d.rate, d.channels);
        Json each = Json::array();
        const auto second = static_cast<std::size_t>(d.rate);
        for (std::size_t at = 0; at + second <= frames; at += second) {
            m.add(d.samples.data() + at * static_cast<std::size_t>(d.channels), second);
            each.push_back(std::round(m.short_term() * 100.0) / 100.0);
        }
        j["short_term"] = each;
    }
    std::cout << j.dump() << "\n";
    return 0;
}
