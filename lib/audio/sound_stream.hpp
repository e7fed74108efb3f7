// Audio encoded as it is made and handed on in order, for a download that cannot go back
// (GET /api/recording): WAV with its lengths known from the start, FLAC and Ogg Opus or
// Vorbis through libsndfile. A file writer seeks back at the end to fill in lengths; here
// the bytes are gone by then, so a WAV header is written whole at the start, and FLAC's
// STREAMINFO keeps "length unknown" (decoders read it to the end).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

struct sf_private_tag;

namespace ambient {

class SoundStreamWriter {
  public:
    using Sink = std::function<void(const char* bytes, std::size_t size)>;

    // The formats a stream can be: "wav" (24-bit PCM), "flac" (24-bit), "opus", "ogg".
    static bool known_format(const std::string& format);
    static std::string content_type(const std::string& format);
    // The bytes a stream of `frames` will be, where that is known before (WAV); else -1.
    static long long size(const std::string& format, long frames, int channels);

    // `frames`: how many will be written (WAV's header says it; the others ignore it).
    // Error(usage) for a format not known.
    SoundStreamWriter(const std::string& format, int rate, int channels, long frames, Sink sink);
    ~SoundStreamWriter();
    SoundStreamWriter(const SoundStreamWriter&) = delete;
    SoundStreamWriter& operator=(const SoundStreamWriter&) = delete;

    void write(const float* interleaved, long frames);
    // The last bytes; a WAV short of its frames is made up with silence, so its length holds.
    void close();

  private:
    struct Close {
        void operator()(sf_private_tag* f) const;
    };
    struct Output;  // what libsndfile writes through
    void write_wav(const float* interleaved, long frames);

    std::string format_;
    int channels_;
    long frames_, written_ = 0;
    Sink sink_;
    std::unique_ptr<Output> output_;
    std::unique_ptr<sf_private_tag, Close> file_;
};

}  // namespace ambient
