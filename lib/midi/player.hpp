// Plays phrases on a MIDI output in real time.
//
// Messages are sent from a monotonic clock: the thread sleeps until just before each
// message is due and spins the last stretch, so the sending time is accurate to well
// under a millisecond on an idle machine (the player measures and reports it). Phrases
// follow each other on the bar grid as they arrive; the next one is read while the
// current one plays. On stop (a signal) or at the end: a note-off for every sounding
// note, then All Notes Off (CC 123) on every channel used, and MIDI Stop when clocking.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "midi/midi_notes.hpp"
#include "midi/midi_output.hpp"

namespace ambient {

struct PlayerSettings {
    MidiMapping mapping;
    bool program_changes = true;
    bool clock = false;                   // MIDI clock (24 per quarter note) with Start and Stop
    std::chrono::milliseconds lead{100};  // from start to the first note
};

struct TimingReport {
    long messages = 0;
    double p50_us = 0, p99_us = 0, max_us = 0;  // how late each message was sent
};

class Player {
  public:
    using Source = std::function<std::optional<Phrase>()>;

    Player(MidiSink& sink, PlayerSettings s, const std::atomic<bool>& stop);
    // Plays until the source ends or `stop` is set, then silences everything it started.
    void play(const Source& source);
    TimingReport timing() const;

  private:
    struct Message {
        std::chrono::steady_clock::time_point at;
        int order;  // at the same time: clock, note-offs, then note-ons
        std::uint8_t bytes[3];
        std::uint8_t size;
    };
    void schedule(const Phrase& p, std::chrono::steady_clock::time_point start);
    bool wait_until(std::chrono::steady_clock::time_point t);
    void send(const Message& m);
    void silence();

    MidiSink& sink_;
    PlayerSettings s_;
    const std::atomic<bool>& stop_;
    std::vector<Message> queue_;  // a min-heap by time
    std::vector<int> sounding_;   // count per (channel, pitch): 16 * 128
    std::vector<double> lateness_us_;
};

}  // namespace ambient
