#include "midi/midi_file.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>

#include "compose/mode.hpp"
#include "compose/pitch.hpp"
#include "core/error.hpp"
#include "core/io.hpp"
#include "core/replacing_file.hpp"

namespace ambient {

namespace {

void put_u16(std::string& out, int v) {
    out += char((v >> 8) & 0xFF);
    out += char(v & 0xFF);
}
void put_u32(std::string& out, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) out += char((v >> shift) & 0xFF);
}
void put_varlen(std::string& out, std::uint32_t v) {
    char bytes[5];
    int n = 0;
    bytes[n++] = char(v & 0x7F);
    while (v >>= 7) bytes[n++] = char(0x80 | (v & 0x7F));
    while (n) out += bytes[--n];
}
std::string meta(int type, const std::string& body) {
    std::string m;
    m += char(0xFF);
    m += char(type);
    put_varlen(m, static_cast<std::uint32_t>(body.size()));
    return m + body;
}

}  // namespace

std::pair<int, bool> key_signature(const std::string& key, const std::string& mode) {
    auto pc = parse_pitch_class(key);
    auto m = parse_mode(mode);
    if (!pc || !m) return {0, false};
    // The relative major's tonic, then its place on the circle of fifths.
    static constexpr int mode_offset[] = {0, 2, 4, 5, 7, 9, 11};
    int major = pitch_class(*pc - mode_offset[static_cast<int>(*m)]);
    static constexpr int sharps[] = {0, -5, 2,  -3, 4,  -1,
                                     6, 1,  -4, 3,  -2, 5};  // C Db D Eb E F F# G Ab A Bb B
    int sf = sharps[major];
    if (sf == 6 && key.find('b') != std::string::npos)
        sf = -6;  // Gb major / Eb minor spelt with flats
    bool minor = mode_intervals(*m)[2] == 3;
    return {sf, minor};
}

MidiFileWriter::MidiFileWriter(MidiFileSettings s) : s_(std::move(s)), tracks_(4) {
    const char* names[] = {"ambient", "pad", "melody", "percussion"};
    for (int t = 0; t < 4; ++t)
        tracks_[static_cast<std::size_t>(t)].push_back({0, 0, meta(0x03, names[t])});
    auto program = [&](int track, int channel, int prog) {
        if (prog < 0) return;
        std::string pc;
        pc += char(0xC0 | channel);
        pc += char(prog & 0x7F);
        tracks_[static_cast<std::size_t>(track)].push_back({0, 2, pc});
    };
    program(1, s_.mapping.pad_channel, s_.mapping.pad_program);
    program(2, s_.mapping.melody_channel, s_.mapping.melody_program);
    program(3, s_.mapping.bell_channel, s_.mapping.bell_program);
}

void MidiFileWriter::note(int track, std::int64_t on, std::int64_t off, int channel, int pitch,
                          int velocity) {
    if (off <= on) off = on + 1;
    std::string note_on, note_off;
    note_on += char(0x90 | channel);
    note_on += char(pitch & 0x7F);
    note_on += char(velocity);
    note_off += char(0x80 | channel);
    note_off += char(pitch & 0x7F);
    note_off += char(0x40);
    auto& t = tracks_[static_cast<std::size_t>(track)];
    t.push_back({on, 3, note_on});
    t.push_back({off, 1, note_off});
    ++notes_;
}

void MidiFileWriter::add(const Phrase& p) {
    const double ticks_per_beat = s_.ticks_per_quarter * 4.0 / p.meter.unit;
    auto tick = [&](double beat) {
        return start_ + static_cast<std::int64_t>(std::llround(beat * ticks_per_beat));
    };
    auto& conductor = tracks_[0];
    if (p.bpm != last_bpm_) {
        std::string body;
        auto us =
            static_cast<std::uint32_t>(std::lround(60'000'000.0 / p.bpm * p.meter.unit / 4.0));
        body += char((us >> 16) & 0xFF);
        body += char((us >> 8) & 0xFF);
        body += char(us & 0xFF);
        conductor.push_back({start_, 0, meta(0x51, body)});
        last_bpm_ = p.bpm;
    }
    std::string meter = std::to_string(p.meter.beats) + "/" + std::to_string(p.meter.unit);
    if (meter != last_meter_) {
        std::string body;
        body += char(p.meter.beats);
        body += char(static_cast<int>(std::log2(p.meter.unit)));
        body += char(24);  // MIDI clocks per metronome click
        body += char(8);   // 32nd notes per quarter
        conductor.push_back({start_, 0, meta(0x58, body)});
        last_meter_ = meter;
    }
    std::string key = p.key + " " + p.mode;
    if (key != last_key_) {
        auto [sf, minor] = key_signature(p.key, p.mode);
        std::string body;
        body += char(static_cast<signed char>(sf));
        body += char(minor ? 1 : 0);
        conductor.push_back({start_, 0, meta(0x59, body)});
        last_key_ = key;
    }
    for (const MidiNote& n : phrase_midi_notes(p, s_.mapping))
        note(static_cast<int>(n.part), tick(n.start), tick(n.end), n.channel, n.pitch, n.velocity);
    start_ = tick(p.total_beats());
}

std::string MidiFileWriter::bytes() const {
    std::string out = "MThd";
    put_u32(out, 6);
    put_u16(out, 1);  // format 1: simultaneous tracks
    put_u16(out, static_cast<int>(tracks_.size()));
    put_u16(out, s_.ticks_per_quarter);
    for (auto events : tracks_) {
        std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
            return a.tick != b.tick ? a.tick < b.tick : a.order < b.order;
        });
        std::string body;
        std::int64_t now = 0;
        for (const Event& e : events) {
            put_varlen(body, static_cast<std::uint32_t>(e.tick - now));
            body += e.data;
            now = e.tick;
        }
        put_varlen(body, 0);
        body += meta(0x2F, "");  // end of track
        out += "MTrk";
        put_u32(out, static_cast<std::uint32_t>(body.size()));
        out += body;
    }
    return out;
}

void write_midi_file(const std::string& path, const std::string& bytes) {
    if (path == "-") {
        write_all(STDOUT_FILENO, bytes);
        return;
    }
    write_file_atomically(path, bytes);  // a full disk or a kill leaves any old file
}

}  // namespace ambient
