// Test helper: measures an audio file, or raw PCM on stdin, and prints one JSON object:
// frames, rate, channels, integrated loudness (LUFS), true peak (dBTP), sample peak,
// DC offset, NaN/Inf count, and the largest sample-to-sample step.
//   audio_measure FILE
//   audio_measure --raw f32le|s16le RATE CHANNELS < pcm
//   audio_measure --short-term FILE   adds "short_term": the 3 s loudness once a second
//   audio_measure --compare A B       only how alike two recordings are: "lag_s" (where A
//                                     lies in B), "correlation" of the mid signals there,
//                                     "overlap_s", and the correlation of each 5 s
//                                     ("windows_5s")
//   audio_measure --spectrum FILE     adds "centroid_hz" (power-weighted mean frequency of
//                                     the mid signal, Hann windows of 4096) and "width"
//                                     (side RMS over mid RMS; 0 for mono)
#include <fftw3.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "audio/loudness.hpp"
#include "audio/sound_file.hpp"
#include "core/pcm.hpp"
#include "phrase/phrase.hpp"

using namespace ambient;

namespace {

struct Spectrum {
    double centroid_hz, width;
};

Spectrum centroid_and_width(const SoundFileData& d, std::size_t frames) {
    constexpr int n = 4096;
    const auto ch = static_cast<std::size_t>(d.channels);
    auto mid = [&](std::size_t f) {
        return ch == 1 ? d.samples[f] : 0.5f * (d.samples[f * ch] + d.samples[f * ch + 1]);
    };
    float* in = fftwf_alloc_real(n);
    fftwf_complex* out = fftwf_alloc_complex(n / 2 + 1);
    fftwf_plan plan = fftwf_plan_dft_r2c_1d(n, in, out, FFTW_ESTIMATE);
    double weighted = 0.0, power = 0.0;
    for (std::size_t at = 0; at + n <= frames; at += n / 2) {
        for (int i = 0; i < n; ++i) {
            double w = 0.5 - 0.5 * std::cos(2.0 * M_PI * i / (n - 1));
            in[i] = static_cast<float>(w * mid(at + static_cast<std::size_t>(i)));
        }
        fftwf_execute(plan);
        for (int k = 1; k <= n / 2; ++k) {
            double p = double(out[k][0]) * out[k][0] + double(out[k][1]) * out[k][1];
            weighted += p * k * d.rate / n;
            power += p;
        }
    }
    fftwf_destroy_plan(plan);
    fftwf_free(in);
    fftwf_free(out);
    double m2 = 0.0, s2 = 0.0;
    for (std::size_t f = 0; ch == 2 && f < frames; ++f) {
        double l = d.samples[2 * f], r = d.samples[2 * f + 1];
        m2 += 0.25 * (l + r) * (l + r);
        s2 += 0.25 * (l - r) * (l - r);
    }
    return {power > 0.0 ? weighted / power : 0.0, m2 > 0.0 ? std::sqrt(s2 / m2) : 0.0};
}

std::vector<float> mid_of(const SoundFileData& d) {
    const auto ch = static_cast<std::size_t>(d.channels);
    std::vector<float> m(ch ? d.samples.size() / ch : 0);
    for (std::size_t f = 0; f < m.size(); ++f)
        m[f] = ch == 1 ? d.samples[f] : 0.5f * (d.samples[f * ch] + d.samples[f * ch + 1]);
    return m;
}

// Where `a` best lines up with `b` (FFT cross-correlation), and the correlation coefficient
// of the two over their overlap there: 1 for the same music, near 0 for other music.
Json compare(const SoundFileData& da, const SoundFileData& db) {
    const std::vector<float> a = mid_of(da), b = mid_of(db);
    std::size_t n = 1;
    while (n < a.size() + b.size()) n *= 2;
    float* fa = fftwf_alloc_real(n);
    float* fb = fftwf_alloc_real(n);
    fftwf_complex* ca = fftwf_alloc_complex(n / 2 + 1);
    fftwf_complex* cb = fftwf_alloc_complex(n / 2 + 1);
    std::fill(fa, fa + n, 0.0f);
    std::fill(fb, fb + n, 0.0f);
    std::copy(a.begin(), a.end(), fa);
    std::copy(b.begin(), b.end(), fb);
    const int size = static_cast<int>(n);
    fftwf_plan pa = fftwf_plan_dft_r2c_1d(size, fa, ca, FFTW_ESTIMATE);
    fftwf_plan pb = fftwf_plan_dft_r2c_1d(size, fb, cb, FFTW_ESTIMATE);
    fftwf_execute(pa);
    fftwf_execute(pb);
    for (std::size_t k = 0; k <= n / 2; ++k) {  // conj(A) * B: correlation of a within b
        const float re = ca[k][0] * cb[k][0] + ca[k][1] * cb[k][1];
        const float im = ca[k][0] * cb[k][1] - ca[k][1] * cb[k][0];
        ca[k][0] = re;
        ca[k][1] = im;
    }
    fftwf_plan back = fftwf_plan_dft_c2r_1d(size, ca, fa, FFTW_ESTIMATE);
    fftwf_execute(back);
    long best = 0;
    for (std::size_t i = 1; i < n; ++i)
        if (fa[i] > fa[static_cast<std::size_t>(best)]) best = static_cast<long>(i);
    if (best > static_cast<long>(n / 2)) best -= static_cast<long>(n);  // a starts before b
    for (fftwf_plan p : {pa, pb, back}) fftwf_destroy_plan(p);
    fftwf_free(fa);
    fftwf_free(fb);
    fftwf_free(ca);
    fftwf_free(cb);
    double ab = 0, aa = 0, bb = 0;
    long overlap = 0;
    for (long i = 0; i < static_cast<long>(a.size()); ++i) {
        const long j = i + best;
        if (j < 0 || j >= static_cast<long>(b.size())) continue;
        ab += double(a[static_cast<std::size_t>(i)]) * b[static_cast<std::size_t>(j)];
        aa += double(a[static_cast<std::size_t>(i)]) * a[static_cast<std::size_t>(i)];
        bb += double(b[static_cast<std::size_t>(j)]) * b[static_cast<std::size_t>(j)];
        ++overlap;
    }
    // And window by window (5 s), to see where two recordings part.
    Json windows = Json::array();
    const long window = 5L * da.rate;
    for (long start = 0; start + window <= static_cast<long>(a.size()); start += window) {
        double wab = 0, waa = 0, wbb = 0;
        for (long i = start; i < start + window; ++i) {
            const long j = i + best;
            if (j < 0 || j >= static_cast<long>(b.size())) continue;
            const double x = a[static_cast<std::size_t>(i)], y = b[static_cast<std::size_t>(j)];
            wab += x * y, waa += x * x, wbb += y * y;
        }
        windows.push_back(waa > 0 && wbb > 0 ? std::round(wab / std::sqrt(waa * wbb) * 1000) / 1000
                                             : 0.0);
    }
    return {{"lag_s", double(best) / da.rate},
            {"correlation", aa > 0 && bb > 0 ? ab / std::sqrt(aa * bb) : 0.0},
            {"overlap_s", double(overlap) / da.rate},
            {"windows_5s", windows}};
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 4 && std::string(argv[1]) == "--compare") {
        try {
            const SoundFileData a = read_sound_file(argv[2]), b = read_sound_file(argv[3]);
            if (a.rate != b.rate) {
                std::cerr << "audio_measure: the two are at different rates\n";
                return 65;
            }
            std::cout << compare(a, b).dump() << "\n";
            return 0;
        } catch (const std::exception& e) {
            std::cerr << "audio_measure: " << e.what() << "\n";
            return 66;
        }
    }
    SoundFileData d;
    const std::string option = argc == 3 ? argv[1] : "";
    const bool short_term = option == "--short-term", spectrum = option == "--spectrum";
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
        } else if (argc == 2 || short_term || spectrum) {
            d = read_sound_file(argv[argc - 1]);
        } else {
            std::cerr << "usage: audio_measure [--short-term|--spectrum] FILE | --raw FORMAT RATE "
                         "CHANNELS | --compare A B\n";
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
    if (spectrum && frames > 0) {
        const auto [centroid, width] = centroid_and_width(d, frames);
        j["centroid_hz"] = centroid;
        j["width"] = width;
    }
    std::cout << j.dump() << "\n";
    return 0;
}
