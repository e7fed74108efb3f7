#include "stream/stream_service.hpp"

#include <sys/stat.h>

#include <exception>
#include <mutex>
#include <thread>

#include "core/error.hpp"
#include "core/passed_fds.hpp"
#include "core/radio_link.hpp"
#include "stream/frame_source.hpp"
#include "stream/input_sessions.hpp"
#include "stream/meta_input.hpp"
#include "stream/pacer.hpp"
#include "stream/pcm_input.hpp"

namespace ambient {

namespace {
constexpr auto frame_period = std::chrono::milliseconds(20);

// How late frames leave against the clock: the worst of each second.
struct Lateness {
    std::int64_t window_us = 0;
    int frames = 0;
    std::atomic<std::int64_t> last_second_us{0};
    void add(std::int64_t us) {
        window_us = std::max(window_us, us);
        if (++frames == 50) {
            last_second_us.store(window_us, std::memory_order_relaxed);
            window_us = 0;
            frames = 0;
        }
    }
};

// Frames on the clock until the input is over (or `stop`): one 20 ms frame per period.
void broadcast(FrameSource& source, const PcmInput& input, MetaInput* meta, StreamServer& server,
               Pacer& pacer, const std::atomic<bool>& stop, std::atomic<std::int64_t>& skipped,
               Lateness& lateness) {
    while (!stop.load(std::memory_order_relaxed)) {
        std::this_thread::sleep_until(pacer.deadline(pacer.next()));
        auto now = Pacer::Clock::now();
        std::int64_t due = pacer.due(now);
        skipped.store(pacer.skipped(), std::memory_order_relaxed);
        for (; due > 0; --due) {
            bool finished = input.finished();
            if (source.drained(finished)) {
                server.finish();
                return;
            }
            lateness.add(std::chrono::duration_cast<std::chrono::microseconds>(
                             now - pacer.deadline(pacer.next()))
                             .count());
            auto frame = source.next(input.paused(), now, input.input_start());
            if (meta) frame->playing = meta->take_up_to(source.input_position());
            server.publish(std::move(frame));
            pacer.sent(1);
        }
    }
}
}  // namespace

void run_stream_service(const StreamServiceOptions& options, JsonLog& log) {
    struct stat st {};
    const std::string& root = options.server.web_root;
    if (!root.empty() && (stat(root.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)))
        throw Error(ErrorKind::no_input, "no such folder", Place::of_setting("web-root", root));
    const auto ring_samples = static_cast<std::size_t>(options.buffer_ms) * 48 * 2;
    RingBuffer<float> ring(ring_samples);
    PcmInput input(options.input, ring, ring_samples);
    FrameSourceOptions fo;
    fo.opus = options.server.opus;
    fo.bitrate = options.bitrate;
    FrameSource source(ring, fo);
    Pacer pacer(Pacer::Clock::now(), frame_period);

    std::atomic<std::int64_t> skipped{0};  // the pacer's count, readable by the status
    Lateness lateness;
    std::mutex stages_mutex;
    std::string stages;  // the radio's last word on its stages (JSON)
    std::unique_ptr<InputSessions> sessions;
    auto status = [&](StatusSnapshot& s) {
        auto now = Pacer::Clock::now();
        s.codec = options.server.opus ? "opus" : "pcm";
        s.bitrate = options.bitrate;
        s.stalled = source.stalled(now);
        s.input_finished = input.finished();
        s.input_waiting = input.waiting() && !input.finished();
        s.inputs = sessions ? sessions->inputs() : 1;
        s.lateness_ms = static_cast<double>(lateness.last_second_us.load()) / 1000.0;
        std::lock_guard lock(stages_mutex);
        s.radio = stages;
        s.buffer_ms = static_cast<double>(ring.size()) / 96.0;
        s.buffer_capacity_ms = options.buffer_ms;
        s.input_frames = input.frames_in();
        s.frames = source.frames();
        s.silent_frames = source.silent_frames();
        s.underflows = source.underflows();
        s.overflow_samples = ring.overflowed_items();
        s.input_waits = input.full_waits();
        s.non_finite_samples = input.non_finite_samples();
        s.pacer_skipped = static_cast<std::uint64_t>(skipped.load(std::memory_order_relaxed));
    };
    StreamServer server(options.server, log, status);

    std::unique_ptr<MetaInput> meta;
    if (!options.meta.empty() || options.radio_fd >= 0)
        meta = std::make_unique<MetaInput>(48000.0 / options.input.rate);
    if (options.radio_fd >= 0)
        sessions = std::make_unique<InputSessions>(options.radio_fd, input, meta.get(), log,
                                                   [&](std::string json) {
                                                       std::lock_guard lock(stages_mutex);
                                                       stages = std::move(json);
                                                   });

    std::exception_ptr input_error;
    std::thread reader([&] {
        try {
            if (sessions)
                sessions->run();
            else
                input.run(options.input_fd);
        } catch (...) {
            input_error = std::current_exception();
            input.finish();
        }
        log.info("input_ended", {{"seconds", static_cast<double>(input.frames_in()) / 48000.0}});
    });
    std::atomic<bool> stop{false};
    std::thread meta_reader;
    if (!options.meta.empty()) {
        meta_reader = std::thread([&] {
            try {
                meta->run(options.meta);
            } catch (const std::exception& e) {
                log.error("meta_unreadable", {{"path", options.meta}, {"error", e.what()}});
            }
        });
    }
    std::thread encoder(
        [&] { broadcast(source, input, meta.get(), server, pacer, stop, skipped, lateness); });
    // Say when the input stalls and recovers; a health check sees the same through /healthz.
    // Under the radio, a stall with the writer there means a stage hangs: say so once.
    std::thread watcher([&] {
        bool was_stalled = true, told = false;
        auto hung_since = Pacer::Clock::now();
        while (!stop.load(std::memory_order_relaxed)) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            auto now = Pacer::Clock::now();
            bool stalled = source.stalled(now) && !input.finished();
            if (stalled != was_stalled)
                log.log(stalled ? LogLevel::warn : LogLevel::info,
                        stalled ? "input_stalled" : "input_flowing",
                        {{"underflows", source.underflows()}, {"waiting", input.waiting()}});
            was_stalled = stalled;
            if (!stalled || input.waiting()) {
                hung_since = now;
                told = false;
            } else if (sessions && !told && now - hung_since > options.hung_after) {
                log.warn("input_hung",
                         {{"seconds", std::chrono::duration<double>(now - hung_since).count()}});
                send_message(options.radio_fd, radio_link::stalled);
                told = true;
            }
        }
    });

    server.run();
    stop.store(true);
    input.stop();
    if (sessions) sessions->stop();
    encoder.join();
    if (meta_reader.joinable()) {
        meta->stop();
        meta_reader.join();
    }
    watcher.join();
    reader.join();
    log.info("stopped", {{"frames", source.frames()}, {"silent_frames", source.silent_frames()}});
    if (input_error) std::rethrow_exception(input_error);
}

}  // namespace ambient
