#include <gtest/gtest.h>

#include <map>

#include "compose_piece.hpp"
#include "midi/midi_file.hpp"
#include "midi/midi_file_reader.hpp"
#include "midi/player.hpp"

namespace ambient {
namespace {

std::vector<Phrase> piece(int count, double bpm = 70) {
    ChordSettings cs;
    cs.bpm = bpm;
    cs.intensity = 0.8;
    return compose_piece(cs, 3, count);
}

TEST(MidiFile, RoundTripThroughOurReader) {
    auto phrases = piece(3);
    MidiFileWriter writer;
    std::size_t expected = 0;
    for (const Phrase& p : phrases) {
        writer.add(p);
        expected += phrase_midi_notes(p, MidiMapping{}).size();
    }
    MidiFileData d = read_midi_file(writer.bytes());
    EXPECT_EQ(d.format, 1);
    EXPECT_EQ(d.division, 480);
    ASSERT_EQ(d.tracks.size(), 4u);
    // Conductor: tempo 70 bpm, 4/4, A minor (no sharps).
    std::map<int, std::string> meta;
    for (const auto& e : d.tracks[0])
        if (e.status == 0xFF) meta[e.meta] = e.data;
    EXPECT_EQ(meta[0x51], std::string("\x0D\x14\x37", 3));  // 857143 us per quarter
    EXPECT_EQ(meta[0x58].substr(0, 2), std::string("\x04\x02", 2));
    EXPECT_EQ(meta[0x59], std::string("\x00\x01", 2));
    // Every note-on has a later note-off; the count matches the phrases.
    std::size_t ons = 0;
    for (std::size_t t = 1; t < 4; ++t) {
        std::map<int, std::vector<std::int64_t>> open;
        for (const auto& e : d.tracks[t]) {
            int key = (e.status & 0x0F) * 128 + static_cast<std::uint8_t>(e.data[0]);
            if ((e.status & 0xF0) == 0x90) {
                ++ons;
                open[key].push_back(e.tick);
            } else if ((e.status & 0xF0) == 0x80) {
                ASSERT_FALSE(open[key].empty()) << "a note-off with no note";
                EXPECT_GE(e.tick, open[key].front());
                open[key].erase(open[key].begin());
            }
        }
        for (auto& [key, ticks] : open) EXPECT_TRUE(ticks.empty()) << "hanging note " << key;
    }
    EXPECT_EQ(ons, expected);
    // The second phrase starts exactly 8 bars in.
    std::int64_t first_pad_on_phrase2 = -1;
    for (const auto& e : d.tracks[1])
        if ((e.status & 0xF0) == 0x90 && e.tick >= 8 * 4 * 480) {
            first_pad_on_phrase2 = e.tick;
            break;
        }
    EXPECT_EQ(first_pad_on_phrase2, 8 * 4 * 480);
}

TEST(MidiFile, KeySignatures) {
    EXPECT_EQ(key_signature("D", "dorian"), (std::pair{0, true}));
    EXPECT_EQ(key_signature("E", "ionian"), (std::pair{4, false}));
    EXPECT_EQ(key_signature("Eb", "aeolian"), (std::pair{-6, true}));
    EXPECT_EQ(key_signature("F", "lydian"), (std::pair{0, false}));
    EXPECT_EQ(key_signature("Bb", "mixolydian"), (std::pair{-3, false}));
}

TEST(MidiFile, ReaderRejectsGarbage) {
    EXPECT_THROW(read_midi_file("RIFF...."), std::runtime_error);
    MidiFileWriter writer;
    writer.add(piece(1)[0]);
    std::string bytes = writer.bytes();
    EXPECT_THROW(read_midi_file(bytes.substr(0, bytes.size() - 10)), std::runtime_error);
}

// A sink that records what the player sends, and when.
struct Recorder : MidiSink {
    std::vector<std::vector<std::uint8_t>> messages;
    void send(const std::uint8_t* b, std::size_t n) override { messages.emplace_back(b, b + n); }
};

TEST(Player, PlaysEveryNoteThenSilencesAndStopsOnRequest) {
    Phrase p = piece(1, 160)[0];
    p.bars = 1;  // a short phrase: 1.5 s
    p.chords.resize(1);
    p.chords[0].beats = 4;
    p.melody.clear();
    p.melody.push_back(MelodyNote{0.0, 1.0, 69, 0.5, Json::object()});
    p.percussion.clear();
    Recorder r;
    std::atomic<bool> stop{false};
    PlayerSettings s;
    s.clock = true;
    s.lead = std::chrono::milliseconds(1);
    Player player(r, s, stop);
    bool given = false;
    player.play([&]() -> std::optional<Phrase> {
        if (given) return std::nullopt;
        given = true;
        return p;
    });
    int ons = 0, offs = 0, clocks = 0, all_off = 0;
    for (const auto& m : r.messages) {
        ons += (m[0] & 0xF0) == 0x90;
        offs += (m[0] & 0xF0) == 0x80;
        clocks += m[0] == 0xF8;
        all_off += (m[0] & 0xF0) == 0xB0 && m[1] == 123;
    }
    EXPECT_EQ(ons, int(p.chords[0].pitches.size()) + 1);
    EXPECT_EQ(offs, ons);
    EXPECT_EQ(clocks, 4 * 24);
    EXPECT_EQ(all_off, 4) << "pad, melody, bell and drum channels";
    EXPECT_EQ(r.messages.front()[0] & 0xF0, 0xC0) << "program changes first";
    EXPECT_EQ(r.messages.back()[0], 0xFC) << "MIDI Stop last";
    EXPECT_LT(player.timing().p99_us, 5000.0);

    // Asked to stop before anything is due: the notes never start, and nothing hangs.
    Recorder r2;
    stop = true;
    Player stopped(r2, PlayerSettings{}, stop);
    given = false;
    stopped.play([&]() -> std::optional<Phrase> {
        if (given) return std::nullopt;
        given = true;
        return p;
    });
    for (const auto& m : r2.messages) EXPECT_NE(m[0] & 0xF0, 0x90);
}

}  // namespace
}  // namespace ambient
