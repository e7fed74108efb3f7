#include "phrase/phrase_stream.hpp"

#include "core/error.hpp"
#include "phrase/phrase_json.hpp"

namespace ambient {

PhraseReader::PhraseReader(std::istream& in, std::string source_name, bool skip_bad, Warn warn)
    : in_(in), source_(std::move(source_name)), skip_bad_(skip_bad), warn_(std::move(warn)) {}

std::optional<Phrase> PhraseReader::next() {
    while (std::getline(in_, line_)) {
        ++line_no_;
        if (!line_.empty() && line_.back() == '\r') line_.pop_back();
        if (line_.find_first_not_of(" \t") == std::string::npos) continue;
        try {
            return parse_phrase_line(line_);
        } catch (const PhraseFormatError& e) {
            Place where(source_, line_no_);
            if (!skip_bad_)
                throw Error(ErrorKind::data, std::string("bad phrase: ") + e.what(), where);
            if (warn_) warn_(std::string("skipped bad phrase: ") + e.what(), where.text());
        }
    }
    if (in_.bad()) throw Error(ErrorKind::io, "read failed", source_);
    return std::nullopt;
}

void PhraseWriter::write(const Phrase& p) {
    write_all(fd_, format_phrase_line(p));
}

std::optional<Phrase> GuardedSource::operator()() {
    if (error_) return std::nullopt;
    try {
        return source_();
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::data) throw;
        error_ = e;
        return std::nullopt;
    }
}

void GuardedSource::rethrow() const {
    if (error_) throw *error_;
}

void run_phrase_filter(PhraseReader& reader, PhraseWriter& writer,
                       const std::function<void(Phrase&)>& transform) {
    for (;;) {
        // Take input only once our last output is gone, so look-ahead stays one phrase.
        writer.wait_until_taken();
        std::optional<Phrase> phrase = reader.next();
        if (!phrase) return;
        transform(*phrase);
        writer.write(*phrase);
    }
}

}  // namespace ambient
