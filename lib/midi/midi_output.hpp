// Real-time MIDI output through RtMidi: ports listed, opened by name or number, or made
// virtual, on ALSA or JACK. RtMidi's errors become ours at this boundary: no MIDI system
// or no such port is Error(unavailable), exit 69.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

class RtMidiOut;
typedef struct _jack_client jack_client_t;

namespace ambient {

enum class MidiApi { automatic, alsa, jack };

// Where MIDI messages go: a port, or (in tests) anything that records them.
class MidiSink {
  public:
    virtual ~MidiSink() = default;
    virtual void send(const std::uint8_t* bytes, std::size_t size) = 0;
    // Called while waiting between messages: throws if the output is gone.
    virtual void check() {}
};

class MidiOutput : public MidiSink {
  public:
    // With `automatic`, ALSA where it works (it does not without /dev/snd), else JACK.
    explicit MidiOutput(MidiApi api, const std::string& client = "ambient");
    ~MidiOutput() override;

    std::vector<std::string> ports() const;
    // A port by number, or by name or a part of it (the first match). Error(unavailable)
    // listing the ports there are when none matches.
    void open(const std::string& port);
    void open_virtual(const std::string& name);
    // Error(unavailable) when the port has gone away.
    void send(const std::uint8_t* bytes, std::size_t size) override;
    void check() override { check_port(); }
    const std::string& api_name() const { return api_name_; }

  private:
    // With JACK: throws Error(unavailable) when the server stopped or the port we play to
    // is gone (looked at no more than ten times a second).
    void check_port();
    // Lets `n` JACK cycles pass (at most 2 s; none without JACK or once the server is gone).
    void wait_cycles(long n);

    std::unique_ptr<RtMidiOut> out_;
    std::string api_name_;
    std::string send_error_;   // set by RtMidi's error callback
    std::string destination_;  // the port opened by name, to watch
    jack_client_t* watcher_ = nullptr;
    std::atomic<bool> server_gone_{false};
    std::atomic<long> cycles_{0};  // JACK cycles run, to know when sent messages are out
    std::chrono::steady_clock::time_point last_check_{};
};

}  // namespace ambient
