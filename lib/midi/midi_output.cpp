#include "midi/midi_output.hpp"

#include <jack/jack.h>
#include <rtmidi/RtMidi.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "core/error.hpp"

namespace ambient {

namespace {

void quiet(const char*) {}

// RtMidi reports a missing system only by printing (JACK) or after libasound has printed
// (ALSA), so look first: the ALSA sequencer device, and a JACK server that answers.
bool alsa_present(std::string& problem) {
    if (::access("/dev/snd/seq", R_OK | W_OK) == 0) return true;
    problem = "the ALSA sequencer (/dev/snd/seq) is not there";
    return false;
}

bool jack_present(std::string& problem) {
    jack_set_error_function(quiet);
    jack_set_info_function(quiet);
    jack_status_t status;
    jack_client_t* probe = jack_client_open("ambient-probe", JackNoStartServer, &status);
    if (!probe) {
        problem = "no JACK server is running";
        return false;
    }
    jack_client_close(probe);
    return true;
}

std::unique_ptr<RtMidiOut> try_open(RtMidi::Api api, const std::string& client,
                                    std::string& problem) {
    try {
        auto out = std::make_unique<RtMidiOut>(api, client);
        return out;
    } catch (const RtMidiError& e) {
        problem = e.getMessage();
        return nullptr;
    }
}

std::string port_list(const std::vector<std::string>& ports) {
    if (ports.empty()) return "there are no MIDI output ports";
    std::string list = "the ports are:";
    for (std::size_t i = 0; i < ports.size(); ++i)
        list += " " + std::to_string(i) + " \"" + ports[i] + "\"";
    return list;
}

}  // namespace

MidiOutput::MidiOutput(MidiApi api, const std::string& client) {
    // Never let libjack start a server behind the user's back.
    ::setenv("JACK_NO_START_SERVER", "1", 0);
    std::string problem, alsa_problem;
    if (api != MidiApi::jack && alsa_present(alsa_problem)) {
        out_ = try_open(RtMidi::LINUX_ALSA, client, problem);
        api_name_ = "alsa";
    }
    if (!out_ && api != MidiApi::alsa && jack_present(problem)) {
        out_ = try_open(RtMidi::UNIX_JACK, client, problem);
        api_name_ = "jack";
    }
    if (!out_ && !alsa_problem.empty() && api != MidiApi::jack)
        problem = alsa_problem + (api == MidiApi::automatic ? " and " + problem : "");
    if (!out_)
        throw Error(ErrorKind::unavailable, "no MIDI system available: " + problem,
                    api == MidiApi::alsa   ? "ALSA"
                    : api == MidiApi::jack ? "JACK"
                                           : "ALSA or JACK");
    // RtMidi reports a failed send (a port that went away) as a warning it prints; take it.
    out_->setErrorCallback(
        [](RtMidiError::Type type, const std::string& text, void* self) {
            if (type != RtMidiError::DEBUG_WARNING)
                static_cast<MidiOutput*>(self)->send_error_ = text;
        },
        this);
    if (api_name_ == "jack") {
        // A client of our own that hears the server stop and can see the port's connections.
        jack_status_t status;
        watcher_ = jack_client_open((client + "-watch").c_str(), JackNoStartServer, &status);
        if (watcher_) {
            jack_on_shutdown(
                watcher_, [](void* self) { static_cast<MidiOutput*>(self)->server_gone_ = true; },
                this);
            jack_set_process_callback(
                watcher_,
                [](jack_nframes_t, void* self) {
                    ++static_cast<MidiOutput*>(self)->cycles_;
                    return 0;
                },
                this);
            jack_activate(watcher_);
        }
    }
}

MidiOutput::~MidiOutput() {
    if (watcher_) {
        // JACK takes sent messages from RtMidi's buffer only in its next cycles: let a few
        // pass before the port closes, or the last note-offs would be lost with it.
        wait_cycles(3);
        jack_client_close(watcher_);
    }
}

void MidiOutput::wait_cycles(long n) {
    if (!watcher_) return;
    const long seen = cycles_.load();
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (cycles_.load() < seen + n && !server_gone_ && std::chrono::steady_clock::now() < give_up)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

std::vector<std::string> MidiOutput::ports() const {
    std::vector<std::string> names;
    try {
        unsigned n = out_->getPortCount();
        for (unsigned i = 0; i < n; ++i) names.push_back(out_->getPortName(i));
    } catch (const RtMidiError& e) {
        throw Error(ErrorKind::unavailable, "cannot list MIDI ports: " + e.getMessage(), api_name_);
    }
    return names;
}

void MidiOutput::open(const std::string& port) {
    std::vector<std::string> names = ports();
    int chosen = -1;
    bool numeric = !port.empty() && port.find_first_not_of("0123456789") == std::string::npos;
    if (numeric && std::stoul(port) < names.size()) chosen = std::stoi(port);
    for (std::size_t i = 0; chosen < 0 && i < names.size(); ++i)
        if (names[i].find(port) != std::string::npos) chosen = static_cast<int>(i);
    if (chosen < 0)
        throw Error(ErrorKind::unavailable,
                    "no MIDI output port \"" + port + "\"; " + port_list(names), api_name_);
    destination_ = names[std::size_t(chosen)];
    try {
        out_->openPort(static_cast<unsigned>(chosen), "out");
        if (!send_error_.empty()) throw RtMidiError(send_error_);
        // JACK makes the new connection part of its graph only from a later cycle: what
        // is sent before then is lost (the first notes, the clock's Start).
        wait_cycles(3);
    } catch (const RtMidiError& e) {
        throw Error(ErrorKind::unavailable, "cannot open MIDI port: " + e.getMessage(),
                    names[std::size_t(chosen)]);
    }
}

void MidiOutput::open_virtual(const std::string& name) {
    try {
        out_->openVirtualPort(name);
        if (!send_error_.empty()) throw RtMidiError(send_error_);
    } catch (const RtMidiError& e) {
        throw Error(ErrorKind::unavailable, "cannot create a virtual MIDI port: " + e.getMessage(),
                    name);
    }
}

void MidiOutput::send(const std::uint8_t* bytes, std::size_t size) {
    try {
        out_->sendMessage(bytes, size);
    } catch (const RtMidiError& e) {
        send_error_ = e.getMessage();
    }
    if (!send_error_.empty())
        throw Error(ErrorKind::unavailable, "the MIDI port went away: " + send_error_, api_name_);
    check_port();
}

void MidiOutput::check_port() {
    if (!watcher_) return;
    auto now = std::chrono::steady_clock::now();
    if (now - last_check_ < std::chrono::milliseconds(100)) return;  // cheap, but not per message
    last_check_ = now;
    if (server_gone_) throw Error(ErrorKind::unavailable, "the JACK server stopped", "JACK");
    if (destination_.empty()) return;
    jack_port_t* port = jack_port_by_name(watcher_, destination_.c_str());
    if (!port || jack_port_connected(port) == 0)
        throw Error(ErrorKind::unavailable, "the MIDI port went away", destination_);
}

}  // namespace ambient
