#include "midi/midi_file_reader.hpp"

#include <string>

#include "core/error.hpp"

namespace ambient {

namespace {

class Cursor {
  public:
    Cursor(std::string_view b, std::size_t at, std::size_t end) : b_(b), at_(at), end_(end) {}
    bool done() const { return at_ >= end_; }
    std::size_t at() const { return at_; }
    std::uint8_t byte() {
        if (at_ >= end_) fail("unexpected end");
        return static_cast<std::uint8_t>(b_[at_++]);
    }
    std::uint32_t be(int n) {
        std::uint32_t v = 0;
        for (int i = 0; i < n; ++i) v = (v << 8) | byte();
        return v;
    }
    std::uint32_t varlen() {
        std::uint32_t v = 0;
        for (int i = 0; i < 4; ++i) {
            std::uint8_t c = byte();
            v = (v << 7) | (c & 0x7F);
            if (!(c & 0x80)) return v;
        }
        fail("variable-length number longer than 4 bytes");
    }
    std::string take(std::size_t n) {
        if (at_ + n > end_) fail("a length beyond the chunk");
        std::string s(b_.substr(at_, n));
        at_ += n;
        return s;
    }
    [[noreturn]] void fail(const std::string& why) const {
        throw Error(ErrorKind::data, "MIDI file: " + why + " at byte " + std::to_string(at_));
    }

  private:
    std::string_view b_;
    std::size_t at_, end_;
};

}  // namespace

MidiFileData read_midi_file(std::string_view bytes) {
    Cursor head(bytes, 0, bytes.size());
    if (head.take(4) != "MThd" || head.be(4) != 6) head.fail("no MThd header");
    MidiFileData d;
    d.format = static_cast<int>(head.be(2));
    int tracks = static_cast<int>(head.be(2));
    d.division = static_cast<int>(head.be(2));
    std::size_t at = head.at();
    for (int t = 0; t < tracks; ++t) {
        Cursor chunk(bytes, at, bytes.size());
        if (chunk.take(4) != "MTrk") chunk.fail("no MTrk chunk");
        std::uint32_t length = chunk.be(4);
        if (chunk.at() + length > bytes.size()) chunk.fail("a track longer than the file");
        Cursor c(bytes, chunk.at(), chunk.at() + length);
        at = chunk.at() + length;
        std::vector<MidiFileEvent> events;
        std::int64_t tick = 0;
        std::uint8_t running = 0;
        while (!c.done()) {
            MidiFileEvent e;
            tick += c.varlen();
            e.tick = tick;
            std::uint8_t first = c.byte();
            if (first == 0xFF) {
                e.status = 0xFF;
                e.meta = c.byte();
                e.data = c.take(c.varlen());
            } else if (first == 0xF0 || first == 0xF7) {
                e.status = first;
                e.data = c.take(c.varlen());
            } else {
                std::uint8_t status = first & 0x80 ? first : running;
                if (!(status & 0x80)) c.fail("data byte without a status");
                running = status;
                e.status = status;
                if (first & 0x80) first = c.byte();
                e.data += static_cast<char>(first);
                std::uint8_t kind = status & 0xF0;
                if (kind != 0xC0 && kind != 0xD0) e.data += static_cast<char>(c.byte());
            }
            events.push_back(std::move(e));
        }
        d.tracks.push_back(std::move(events));
    }
    return d;
}

}  // namespace ambient
