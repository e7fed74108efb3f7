// Test helper: a JACK MIDI receiver. Creates the input port "capture:in", prints one line
// per event received: the time in microseconds (from the JACK frame clock) and the bytes
// in hex. Runs until SIGTERM or SIGINT; prints "ready" on stderr once its port exists.
//   jack_midi_capture > events.txt
#include <jack/jack.h>
#include <jack/midiport.h>
#include <jack/ringbuffer.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <thread>

namespace {
jack_port_t* port = nullptr;
jack_ringbuffer_t* ring = nullptr;
std::atomic<bool> done{false};

struct Record {
    jack_nframes_t frame;
    unsigned char size;
    unsigned char bytes[3];
};

}  // namespace

int main() {
    std::signal(SIGTERM, [](int) { done = true; });
    std::signal(SIGINT, [](int) { done = true; });
    jack_status_t status;
    jack_client_t* client = jack_client_open("capture", JackNoStartServer, &status);
    if (!client) {
        std::fprintf(stderr, "jack_midi_capture: no JACK server\n");
        return 69;
    }
    ring = jack_ringbuffer_create(1 << 20);
    port = jack_port_register(client, "in", JACK_DEFAULT_MIDI_TYPE, JackPortIsInput, 0);
    // Frame times: each event's time is the period's first frame plus its offset.
    static jack_client_t* self = client;
    jack_set_process_callback(
        client,
        [](jack_nframes_t n, void* arg) -> int {
            void* buffer = jack_port_get_buffer(port, n);
            jack_nframes_t start = jack_last_frame_time(self);
            jack_nframes_t count = jack_midi_get_event_count(buffer);
            for (jack_nframes_t i = 0; i < count; ++i) {
                jack_midi_event_t e;
                if (jack_midi_event_get(&e, buffer, i) != 0) continue;
                Record r{
                    start + e.time, static_cast<unsigned char>(e.size > 3 ? 3 : e.size), {0, 0, 0}};
                for (unsigned k = 0; k < r.size; ++k) r.bytes[k] = e.buffer[k];
                if (jack_ringbuffer_write_space(ring) >= sizeof r)
                    jack_ringbuffer_write(ring, reinterpret_cast<char*>(&r), sizeof r);
            }
            (void)arg;
            return 0;
        },
        nullptr);
    if (jack_activate(client) != 0) return 69;
    double rate = jack_get_sample_rate(client);
    std::fprintf(stderr, "ready\n");
    auto drain = [&] {
        Record r;
        while (jack_ringbuffer_read_space(ring) >= sizeof r) {
            jack_ringbuffer_read(ring, reinterpret_cast<char*>(&r), sizeof r);
            std::printf("%.0f", double(r.frame) * 1e6 / rate);
            for (unsigned k = 0; k < r.size; ++k) std::printf(" %02x", r.bytes[k]);
            std::printf("\n");
        }
        std::fflush(stdout);
    };
    while (!done) {
        drain();
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    drain();
    jack_client_close(client);
    jack_ringbuffer_free(ring);
}
