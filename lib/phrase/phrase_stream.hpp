// Reading and writing phrases as JSON Lines on a pipe or file.
#pragma once

#include <functional>
#include <istream>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "core/io.hpp"
#include "phrase/phrase.hpp"

namespace ambient {

// Reads one phrase per line. A malformed line is Error(data) naming the source and line,
// or, with skip_bad, a warning through `warn` and the line is passed over. Blank lines
// are ignored.
class PhraseReader {
  public:
    using Warn = std::function<void(const std::string& what, const std::string& where)>;

    PhraseReader(std::istream& in, std::string source_name, bool skip_bad = false, Warn warn = {});
    std::optional<Phrase> next();
    long line_number() const noexcept { return line_no_; }

  private:
    std::istream& in_;
    std::string source_;
    bool skip_bad_;
    Warn warn_;
    std::string line_;
    long line_no_ = 0;
};

// Writes one phrase per line to a file descriptor, each line in one piece, and (on a
// pipe) waits for the reader to take it before the next phrase is asked for.
class PhraseWriter {
  public:
    explicit PhraseWriter(int fd) : fd_(fd), pacer_(fd) {}
    void write(const Phrase& p);
    // Blocks until the reader has taken what was written (no-op off a pipe).
    void wait_until_taken() const { pacer_.wait_until_taken(); }

  private:
    int fd_;
    OutputPacer pacer_;
};

// A source of phrases that ends, rather than throws, at a malformed one, keeping the
// error to raise once what came before has been played out (players end the music
// gracefully instead of cutting it).
class GuardedSource {
  public:
    using Source = std::function<std::optional<Phrase>()>;
    explicit GuardedSource(Source source) : source_(std::move(source)) {}
    std::optional<Phrase> operator()();
    // Throws the kept error, if any.
    void rethrow() const;

  private:
    Source source_;
    std::optional<Error> error_;
};

// The loop every phrase filter runs: wait for the consumer, read a phrase, transform, write.
void run_phrase_filter(PhraseReader& reader, PhraseWriter& writer,
                       const std::function<void(Phrase&)>& transform);

}  // namespace ambient
