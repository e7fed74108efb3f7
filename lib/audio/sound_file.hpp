// Audio files through libsndfile, the container and codec chosen by the file's
// extension from one table (.wav, .flac, .ogg, .opus, .aiff).
#pragma once

#include <memory>
#include <string>
#include <vector>

struct sf_private_tag;

namespace ambient {

class ReplacingFile;

enum class FileBits { pcm16, pcm24, float32 };

// The extensions we write, for messages and --help.
std::string sound_file_extensions();

class SoundFileWriter {
  public:
    // Error(usage) for an unknown extension; Error(io) naming the path if it cannot be created.
    // The file takes the path's place only at close(): until then (killed, a full disk, an
    // error) any old file there stays as it was.
    SoundFileWriter(const std::string& path, int rate, int channels,
                    FileBits bits = FileBits::pcm24);
    ~SoundFileWriter();
    SoundFileWriter(SoundFileWriter&&) noexcept;
    // Interleaved frames with the file's channel count. Error(io) on failure (a full disk).
    void write(const float* interleaved, long frames);
    // Flushes, closes and puts the file in place; Error(io) if that fails.
    void close();

  private:
    struct Close {
        void operator()(sf_private_tag* f) const;
    };
    struct BufferedOutput;
    // Declared in the order they are built on one another: closed in the reverse.
    std::unique_ptr<ReplacingFile> target_;
    std::unique_ptr<BufferedOutput> output_;
    std::unique_ptr<sf_private_tag, Close> file_;
    std::string path_;
    int channels_ = 0;
    int raw_bits_ = 0;  // 16 or 24 for PCM WAV: converted here and written as bytes
    std::vector<unsigned char> bytes_;
};

struct SoundFileData {
    int rate = 0;
    int channels = 0;
    std::vector<float> samples;  // interleaved
};
// Reads a whole file as float (tests and tools); Error(no_input) naming it on failure.
SoundFileData read_sound_file(const std::string& path);

}  // namespace ambient
