#include "learn/corpus.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "learn/abc_reader.hpp"
#include "learn/midi_tunes.hpp"
#include "phrase/phrase_json.hpp"

namespace ambient {

namespace fs = std::filesystem;

namespace {

std::string lower_extension(const fs::path& p) {
    std::string e = p.extension().string();
    for (char& c : e) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return e;
}

bool readable_kind(const std::string& ext) {
    return ext == ".abc" || ext == ".mid" || ext == ".midi" || ext == ".kar" || ext == ".jsonl" ||
           ext == ".json";
}

enum class Kind { abc, midi, phrases, other };

// By the name, else (for a file named on the command line) by what it begins with.
Kind kind_of(const std::string& ext, const std::string& bytes) {
    if (ext == ".abc") return Kind::abc;
    if (ext == ".mid" || ext == ".midi" || ext == ".kar") return Kind::midi;
    if (ext == ".jsonl" || ext == ".json") return Kind::phrases;
    if (bytes.rfind("MThd", 0) == 0) return Kind::midi;
    if (bytes.rfind("X:", 0) == 0 || bytes.find("\nX:") != std::string::npos) return Kind::abc;
    const std::size_t first = bytes.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && bytes[first] == '{') return Kind::phrases;
    return Kind::other;
}

void read_one(const fs::path& path, Corpus& c) {
    const std::string name = path.string(), ext = lower_extension(path);
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        c.skipped.push_back(name + ": cannot be opened");
        return;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    const std::string bytes = buffer.str();
    ++c.files;
    const Kind kind = kind_of(ext, bytes);
    if (kind == Kind::other) {
        c.skipped.push_back(name + ": not ABC, MIDI or phrases");
    } else if (kind == Kind::abc) {
        AbcTunes abc = read_abc(bytes, name);
        for (Tune& t : abc.tunes) c.tunes.push_back(std::move(t));
        for (std::string& s : abc.skipped) c.skipped.push_back(std::move(s));
        if (abc.tunes.empty() && abc.skipped.empty())
            c.skipped.push_back(name + ": no tunes (no X: lines)");
    } else if (kind == Kind::phrases) {
        std::size_t line_no = 0, start = 0;
        while (start < bytes.size()) {
            std::size_t end = bytes.find('\n', start);
            if (end == std::string::npos) end = bytes.size();
            std::string_view line(bytes.data() + start, end - start);
            start = end + 1;
            ++line_no;
            if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
            try {
                Tune t = tune_of_phrase(parse_phrase_line(line));
                t.name = name + " line " + std::to_string(line_no);
                if (t.notes.size() >= 2) c.tunes.push_back(std::move(t));
            } catch (const Error& e) {
                c.skipped.push_back(name + " line " + std::to_string(line_no) + ": " + e.what());
            }
        }
    } else {
        try {
            Tune t = read_midi_tune(bytes, name);
            if (t.notes.size() >= 2)
                c.tunes.push_back(std::move(t));
            else
                c.skipped.push_back(name + ": fewer than two melody notes");
        } catch (const Error& e) {
            c.skipped.push_back(name + ": " + e.what());
        }
    }
}

}  // namespace

std::uint64_t Corpus::notes() const {
    std::uint64_t n = 0;
    for (const Tune& t : tunes) n += t.notes.size();
    return n;
}

Corpus read_corpus(const std::vector<std::string>& paths) {
    Corpus c;
    for (const std::string& p : paths) {
        std::error_code ec;
        const fs::file_status st = fs::status(p, ec);
        if (ec || !fs::exists(st))
            throw Error(ErrorKind::no_input, "no such file or folder", Place(p));
        if (!fs::is_directory(st)) {
            read_one(p, c);
            continue;
        }
        std::vector<fs::path> files;
        for (auto it = fs::recursive_directory_iterator(
                 p, fs::directory_options::skip_permission_denied, ec);
             !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
            if (it->is_regular_file() && readable_kind(lower_extension(it->path())))
                files.push_back(it->path());
        std::sort(files.begin(), files.end());
        for (const fs::path& f : files) read_one(f, c);
    }
    return c;
}

void split_tunes(const std::vector<Tune>& all, std::size_t n, std::size_t offset,
                 std::vector<Tune>& train, std::vector<Tune>& test) {
    for (std::size_t i = 0; i < all.size(); ++i)
        (n > 0 && i % n == offset % n ? test : train).push_back(all[i]);
}

}  // namespace ambient
