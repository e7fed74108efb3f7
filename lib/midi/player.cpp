#include "midi/player.hpp"

#include <algorithm>
#include <thread>

namespace ambient {

namespace {
using Clock = std::chrono::steady_clock;

bool later(const auto& a, const auto& b) {
    return a.at != b.at ? a.at > b.at : a.order > b.order;
}

Clock::duration seconds(double s) {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}
}  // namespace

Player::Player(MidiSink& sink, PlayerSettings s, const std::atomic<bool>& stop)
    : sink_(sink), s_(std::move(s)), stop_(stop), sounding_(16 * 128, 0) {}

void Player::schedule(const Phrase& p, Clock::time_point start) {
    const double beat = 60.0 / p.bpm;
    auto push = [&](double at_beats, int order, std::uint8_t a, std::uint8_t b, std::uint8_t c,
                    std::uint8_t size) {
        Message m{start + seconds(at_beats * beat), order, {a, b, c}, size};
        queue_.push_back(m);
        std::push_heap(queue_.begin(), queue_.end(),
                       [](const Message& x, const Message& y) { return later(x, y); });
    };
    for (const MidiNote& n : phrase_midi_notes(p, s_.mapping)) {
        push(n.start, 2, std::uint8_t(0x90 | n.channel), std::uint8_t(n.pitch),
             std::uint8_t(n.velocity), 3);
        push(n.end, 1, std::uint8_t(0x80 | n.channel), std::uint8_t(n.pitch), 0x40, 3);
    }
    if (s_.clock) {
        // 24 clocks per quarter note; a beat is a quarter when the meter's unit is 4.
        int per_beat = 24 * 4 / p.meter.unit;
        for (int k = 0; k < static_cast<int>(p.total_beats()) * per_beat; ++k)
            push(double(k) / per_beat, 0, 0xF8, 0, 0, 1);
    }
}

bool Player::wait_until(Clock::time_point t) {
    // Sleep in slices (so a stop is seen within 10 ms) until 300 us before, then spin.
    for (;;) {
        if (stop_.load(std::memory_order_relaxed)) return false;
        sink_.check();  // a port gone quiet is noticed between notes too
        auto left = t - Clock::now();
        if (left <= std::chrono::microseconds(300)) break;
        std::this_thread::sleep_for(std::min<Clock::duration>(left - std::chrono::microseconds(300),
                                                              std::chrono::milliseconds(10)));
    }
    while (Clock::now() < t) {
    }
    return true;
}

void Player::send(const Message& m) {
    sink_.send(m.bytes, m.size);
    std::uint8_t kind = m.bytes[0] & 0xF0;
    if (kind == 0x90 || kind == 0x80) {
        int& count = sounding_[std::size_t((m.bytes[0] & 0x0F) * 128 + m.bytes[1])];
        count = std::max(0, count + (kind == 0x90 ? 1 : -1));
    }
}

void Player::silence() {
    for (int i = 0; i < 16 * 128; ++i)
        for (; sounding_[std::size_t(i)] > 0; --sounding_[std::size_t(i)]) {
            std::uint8_t off[3] = {std::uint8_t(0x80 | (i / 128)), std::uint8_t(i % 128), 0x40};
            sink_.send(off, 3);
        }
    for (int channel : mapping_channels(s_.mapping)) {
        std::uint8_t all_off[3] = {std::uint8_t(0xB0 | channel), 123, 0};
        sink_.send(all_off, 3);
    }
    if (s_.clock) {
        std::uint8_t stop = 0xFC;
        sink_.send(&stop, 1);
    }
}

void Player::play(const Source& source) {
    auto cmp = [](const Message& x, const Message& y) { return later(x, y); };
    Clock::time_point start = Clock::now() + s_.lead;
    if (s_.program_changes) {
        const MidiMapping& m = s_.mapping;
        for (auto [channel, program] : {std::pair{m.pad_channel, m.pad_program},
                                        std::pair{m.melody_channel, m.melody_program},
                                        std::pair{m.bell_channel, m.bell_program}})
            if (program >= 0) {
                std::uint8_t pc[2] = {std::uint8_t(0xC0 | channel), std::uint8_t(program)};
                sink_.send(pc, 2);
            }
    }
    if (s_.clock) {
        std::uint8_t go = 0xFA;
        sink_.send(&go, 1);
    }
    std::optional<Phrase> next = source();
    try {
        while (!stop_.load()) {
            if (next) {
                // Schedule this phrase, then read the next while it plays.
                Phrase current = std::move(*next);
                schedule(current, start);
                start += seconds(current.total_beats() * 60.0 / current.bpm);
                next = source();
            } else if (queue_.empty()) {
                break;
            }
            // Play up to the start of the next phrase (or everything, at the end).
            while (!queue_.empty() && (!next || queue_.front().at < start)) {
                if (!wait_until(queue_.front().at)) break;
                std::pop_heap(queue_.begin(), queue_.end(), cmp);
                Message m = queue_.back();
                queue_.pop_back();
                send(m);
                lateness_us_.push_back(
                    std::chrono::duration<double, std::micro>(Clock::now() - m.at).count());
            }
        }
    } catch (...) {
        // The port failed: still try to leave nothing sounding where it takes messages.
        try {
            silence();
        } catch (...) {
        }
        throw;
    }
    silence();
}

TimingReport Player::timing() const {
    TimingReport r;
    r.messages = static_cast<long>(lateness_us_.size());
    if (lateness_us_.empty()) return r;
    std::vector<double> sorted = lateness_us_;
    std::sort(sorted.begin(), sorted.end());
    r.p50_us = sorted[sorted.size() / 2];
    r.p99_us = sorted[std::min(sorted.size() - 1, sorted.size() * 99 / 100)];
    r.max_us = sorted.back();
    return r;
}

}  // namespace ambient
