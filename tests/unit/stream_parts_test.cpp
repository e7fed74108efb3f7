// The parts of ambient-stream that need no socket: the stdin reader (formats, mono,
// resampling, a truncated frame, back-pressure), the frame source (audio, silence on a
// stall, hysteresis, sequence and sample positions), HTTP routes and the JSON log.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/error.hpp"
#include "core/json_log.hpp"
#include "stream/address_counts.hpp"
#include "stream/frame_source.hpp"
#include "stream/http_routes.hpp"
#include "stream/meta_input.hpp"
#include "stream/pcm_input.hpp"
#include "stream/protocol.hpp"

using namespace ambient;

namespace {

// Writes everything into a pipe, then closes it: the writer's end of a test input.
void write_and_close(int fd, const std::string& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
        if (n <= 0) break;
        done += static_cast<std::size_t>(n);
    }
    close(fd);
}

// Writes `bytes` into a pipe from another thread and runs a PcmInput over its read end.
struct PipedInput {
    RingBuffer<float> ring{1 << 20};
    std::vector<float> drained;
    std::uint64_t non_finite = 0;

    void run(const std::string& bytes, PcmFormat format) {
        int fds[2];
        ASSERT_EQ(pipe(fds), 0);
        std::thread writer([&] { write_and_close(fds[1], bytes); });
        PcmInput input(format, ring, ring.capacity());
        try {
            input.run(fds[0]);
        } catch (...) {
            writer.join();
            close(fds[0]);
            drain();
            throw;
        }
        writer.join();
        close(fds[0]);
        EXPECT_TRUE(input.finished());
        non_finite = input.non_finite_samples();
        drain();
    }
    void drain() {
        std::vector<float> chunk(4096);
        while (std::size_t n = ring.read(chunk.data(), chunk.size()))
            drained.insert(drained.end(), chunk.begin(), chunk.begin() + static_cast<long>(n));
    }
};

std::string f32_bytes(const std::vector<float>& samples) {
    std::string out(samples.size() * 4, '\0');
    std::memcpy(out.data(), samples.data(), out.size());
    return out;
}

}  // namespace

TEST(PcmInput, StereoFloatPassesThroughUnchanged) {
    std::vector<float> samples(4800 * 2);
    for (std::size_t i = 0; i < samples.size(); ++i) samples[i] = std::sin(0.01f * i);
    PipedInput p;
    p.run(f32_bytes(samples), PcmFormat{});
    EXPECT_EQ(p.drained, samples);
}

TEST(PcmInput, MonoS16BecomesStereo) {
    std::vector<std::int16_t> mono = {0, 16384, -16384, 32767};
    std::string bytes(mono.size() * 2, '\0');
    std::memcpy(bytes.data(), mono.data(), bytes.size());
    PipedInput p;
    p.run(bytes, PcmFormat{SampleEncoding::s16le, 48000, 1});
    ASSERT_EQ(p.drained.size(), 8u);
    EXPECT_FLOAT_EQ(p.drained[2], 0.5f);
    EXPECT_FLOAT_EQ(p.drained[3], 0.5f);
    EXPECT_FLOAT_EQ(p.drained[4], -0.5f);
}

TEST(PcmInput, ResamplesToFortyEightKilohertzKeepingPitch) {
    const int rate = 44100, frames = rate * 2;  // two seconds of 1 kHz
    std::vector<float> samples(static_cast<std::size_t>(frames) * 2);
    for (int i = 0; i < frames; ++i)
        samples[2 * i] = samples[2 * i + 1] = 0.5f * std::sin(2 * M_PI * 1000.0 * i / rate);
    PipedInput p;
    p.run(f32_bytes(samples), PcmFormat{SampleEncoding::f32le, rate, 2});
    const std::size_t out_frames = p.drained.size() / 2;
    EXPECT_NEAR(static_cast<double>(out_frames), 96000.0, 96.0);  // two seconds at 48 kHz
    int crossings = 0;  // rising zero crossings of the left channel in the middle second
    for (std::size_t i = 24000; i < 72000; ++i)
        crossings += p.drained[2 * i] < 0 && p.drained[2 * i + 2] >= 0;
    EXPECT_NEAR(crossings, 1000, 2);
}

TEST(PcmInput, NonFiniteSamplesBecomeSilenceAndAreCounted) {
    // Through the resampler (44.1 kHz) a NaN would otherwise make every later sample NaN.
    std::vector<float> samples(4410 * 2, 0.25f);
    samples[100] = std::nanf("");
    samples[101] = INFINITY;
    samples[102] = -INFINITY;
    PipedInput p;
    p.run(f32_bytes(samples), PcmFormat{SampleEncoding::f32le, 44100, 2});
    ASSERT_GT(p.drained.size(), 9000u);
    for (float x : p.drained) ASSERT_TRUE(std::isfinite(x));
    EXPECT_NEAR(p.drained[p.drained.size() / 2], 0.25f, 0.01f);
    EXPECT_EQ(p.non_finite, 3u);
}

TEST(PcmInput, TruncatedFrameIsADataErrorAfterTheWholeFrames) {
    std::string bytes = f32_bytes({0.25f, 0.25f, 0.5f, 0.5f}) + std::string(3, '\0');
    PipedInput p;
    try {
        p.run(bytes, PcmFormat{});
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::data);
        EXPECT_NE(std::string(e.what()).find("3 trailing bytes"), std::string::npos) << e.what();
    }
    EXPECT_EQ(p.drained.size(), 4u);  // both whole frames still went through
}

TEST(PcmInput, WaitsForRoomInsteadOfDropping) {
    RingBuffer<float> ring(4096);
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    std::vector<float> samples(48000 * 2, 0.1f);
    std::thread writer([&] { write_and_close(fds[1], f32_bytes(samples)); });
    PcmInput input(PcmFormat{}, ring, 2000);
    std::thread reader([&] { input.run(fds[0]); });
    std::size_t got = 0, most = 0;
    std::vector<float> chunk(256);
    while (!input.finished() || ring.size() > 0) {
        most = std::max(most, ring.size());
        got += ring.read(chunk.data(), chunk.size());
    }
    reader.join();
    writer.join();
    close(fds[0]);
    EXPECT_EQ(got, samples.size());  // nothing lost
    EXPECT_LE(most, 2000u);          // never more than the limit in the ring
    EXPECT_EQ(ring.overflowed_items(), 0u);
    EXPECT_GT(input.full_waits(), 0u);
}

namespace {
constexpr std::size_t frame_floats = 960 * 2;
const auto t0 = FrameSource::Clock::time_point(std::chrono::seconds(100));
}  // namespace

// The s16 samples of channel 0 in a frame's PCM message.
std::vector<int> left_samples(const StreamFrame& f) {
    std::vector<int> out;
    for (std::size_t i = 0; i < 960; ++i) {
        std::int16_t s;
        std::memcpy(&s, f.pcm.data() + frame_header_bytes + i * 4, 2);
        out.push_back(s);
    }
    return out;
}

// The largest step between neighbouring samples across frames: a click is a big one.
int largest_step(const std::vector<std::shared_ptr<StreamFrame>>& frames) {
    int last = 0, step = 0;
    for (const auto& f : frames)
        for (int s : left_samples(*f)) {
            step = std::max(step, std::abs(s - last));
            last = s;
        }
    return step;
}

TEST(FrameSource, AudioFramesCarrySequenceAndPositionAndDecodablePcm) {
    RingBuffer<float> ring(1 << 16);
    std::vector<float> audio(frame_floats * 4, 0.5f);
    ring.write(audio.data(), audio.size());
    FrameSource source(ring, FrameSourceOptions{});
    EXPECT_TRUE(source.next(false, t0)->silent);  // the first frame is held, to know what follows
    for (std::uint32_t k = 1; k < 4; ++k) {
        auto f = source.next(false, t0);
        EXPECT_FALSE(f->silent);
        EXPECT_EQ(f->sequence, k);
        EXPECT_EQ(f->sample_position, k * 960u);
        EXPECT_EQ(source.input_position(), k * 960u);
        auto h = decode_frame_header(f->pcm);
        ASSERT_TRUE(h);
        EXPECT_EQ(h->codec, StreamCodec::pcm_s16le);
        EXPECT_EQ(h->sequence, k);
        ASSERT_EQ(f->pcm.size(), frame_header_bytes + frame_floats * 2);
        EXPECT_NEAR(left_samples(*f)[959], 16384, 1);
        if (k > 1) {
            EXPECT_NEAR(left_samples(*f)[0], 16384, 1);
        }
        auto o = decode_frame_header(f->opus);
        ASSERT_TRUE(o);
        EXPECT_EQ(o->codec, StreamCodec::opus);
        EXPECT_GT(f->opus.size(), frame_header_bytes);
    }
    EXPECT_FALSE(source.stalled(t0));
}

TEST(FrameSource, StallSendsSilenceAndWaitsForTwoFramesToResume) {
    RingBuffer<float> ring(1 << 16);
    FrameSource source(ring, FrameSourceOptions{});
    EXPECT_TRUE(source.stalled(t0));  // nothing has come yet
    EXPECT_TRUE(source.next(false, t0)->silent);
    std::vector<float> audio(frame_floats, 0.5f);
    ring.write(audio.data(), audio.size());
    EXPECT_TRUE(source.next(false, t0)->silent);  // one frame is not enough to start on
    ring.write(audio.data(), audio.size());
    EXPECT_TRUE(source.next(false, t0)->silent);  // taken, held
    EXPECT_FALSE(source.next(false, t0)->silent);
    EXPECT_FALSE(source.next(false, t0)->silent);  // ran dry: an underflow, this one fades out
    EXPECT_TRUE(source.next(false, t0)->silent);
    EXPECT_EQ(source.underflows(), 1u);
    EXPECT_FALSE(source.stalled(t0 + std::chrono::milliseconds(400)));
    EXPECT_TRUE(source.stalled(t0 + std::chrono::milliseconds(600)));
    EXPECT_EQ(source.frames(), 6u);
    EXPECT_EQ(source.silent_frames(), 4u);
}

// A PCM-only frame source over a ring that already holds `floats` samples of `level`.
struct PcmSource {
    explicit PcmSource(std::size_t floats, float level) {
        std::vector<float> audio(floats, level);
        ring.write(audio.data(), audio.size());
    }
    static FrameSourceOptions pcm_only() {
        FrameSourceOptions o;
        o.opus = false;
        return o;
    }
    RingBuffer<float> ring{1 << 16};
    FrameSource source{ring, pcm_only()};
};

TEST(FrameSource, AudioFadesInAfterSilenceAndOutWhenTheInputStopsWithoutAClick) {
    PcmSource pcm(frame_floats * 3, 0.9f);
    auto& source = pcm.source;
    std::vector<std::shared_ptr<StreamFrame>> frames;
    for (int k = 0; k < 6; ++k) frames.push_back(source.next(false, t0));
    auto first = left_samples(*frames[1]), last = left_samples(*frames[3]);
    EXPECT_LT(first[0], 300);            // starts from (near) silence ...
    EXPECT_NEAR(first[959], 29490, 10);  // ... and is at full level by the frame's end
    EXPECT_NEAR(left_samples(*frames[2])[480], 29490, 10);
    EXPECT_NEAR(last[0], 29490, 100);
    EXPECT_LT(last[959], 300);  // the writer stopped: faded out within the frame (20 ms)
    EXPECT_TRUE(frames[4]->silent);
    // A jump from 0.9 to 0 would be a step of ~29000: a raised cosine over 960 samples
    // moves at most ~pi/2 * 29490 / 960 per sample.
    EXPECT_LT(largest_step(frames), 60);
}

TEST(FrameSource, ANewInputFadesOutTheOldAndInTheNew) {
    PcmSource pcm(frame_floats * 2, 0.9f);
    auto& source = pcm.source;
    std::vector<std::shared_ptr<StreamFrame>> frames;
    frames.push_back(source.next(false, t0));
    frames.push_back(source.next(false, t0));
    std::vector<float> louder(frame_floats * 2, -0.9f);  // the next input, right after
    pcm.ring.write(louder.data(), louder.size());
    frames.push_back(source.next(false, t0, 1920));  // it begins at input sample 1920
    frames.push_back(source.next(false, t0, 1920));
    EXPECT_LT(std::abs(left_samples(*frames[2])[959]), 300);  // the old input's end, faded
    EXPECT_LT(std::abs(left_samples(*frames[3])[0]), 300);    // the new one's start, faded in
    EXPECT_LT(largest_step(frames), 60);
}

TEST(FrameSource, AtTheEndAShortFrameIsPaddedFadedAndTheSourceDrains) {
    PcmSource pcm(frame_floats * 2 + 200, 0.5f);
    auto& source = pcm.source;
    std::vector<std::shared_ptr<StreamFrame>> frames;
    for (int k = 0; k < 3; ++k) frames.push_back(source.next(true, t0));
    EXPECT_FALSE(source.drained(true));
    auto last = source.next(true, t0);
    frames.push_back(last);
    EXPECT_FALSE(last->silent);
    EXPECT_TRUE(last->opus.empty());
    auto s = left_samples(*last);
    EXPECT_LT(s[99], 300);  // the audio ends faded out at its last sample (100 per channel)
    EXPECT_EQ(s[100], 0);   // padding
    EXPECT_LT(largest_step(frames), 60);
    EXPECT_TRUE(source.drained(true));
}

TEST(HttpRoutes, StaticFilesRefuseTraversalAndHiddenFiles) {
    namespace fs = std::filesystem;
    fs::path root = fs::temp_directory_path() / ("ambient-web-" + std::to_string(getpid()));
    fs::create_directories(root / "sub");
    std::ofstream(root / "index.html") << "<html>home</html>";
    std::ofstream(root / "sub" / "a.js") << "export {}";
    std::ofstream(root / ".secret") << "no";
    std::ofstream(root.parent_path() / "outside.txt") << "no";
    fs::create_symlink(root.parent_path() / "outside.txt", root / "link.txt");

    auto home = static_file("/", root.string());
    ASSERT_TRUE(home);
    EXPECT_EQ(home->body, "<html>home</html>");
    EXPECT_EQ(home->content_type, "text/html; charset=utf-8");
    auto js = static_file("/sub/a.js", root.string());
    ASSERT_TRUE(js);
    EXPECT_EQ(js->content_type, "text/javascript; charset=utf-8");
    for (const char* bad :
         {"/../outside.txt", "/sub/../../outside.txt", "/%2e%2e/outside.txt", "/.secret",
          "/link.txt", "/sub", "/nothing", "/sub/%00a.js", "/..%5coutside.txt", "relative"})
        EXPECT_FALSE(static_file(bad, root.string())) << bad;
    fs::remove_all(root);
    fs::remove(root.parent_path() / "outside.txt");
}

TEST(HttpRoutes, BuiltInPageIsThere) {
    auto page = static_file("/", "");
    ASSERT_TRUE(page);
    EXPECT_NE(page->body.find("<html"), std::string::npos);
    for (const char* f : {"/app.js", "/player.js", "/worklet.js", "/jitter.js", "/style.css"})
        EXPECT_TRUE(static_file(f, "")) << f;
    EXPECT_FALSE(static_file("/../CMakeLists.txt", ""));
}

TEST(HttpRoutes, HealthFollowsTheInput) {
    StatusSnapshot s;
    s.stalled = true;
    EXPECT_EQ(health_reply(s).status, 503);
    s.stalled = false;
    EXPECT_EQ(health_reply(s).status, 200);
    s.stalled = true;
    s.input_finished = true;  // playing out the end is not a stall
    EXPECT_EQ(health_reply(s).status, 200);
}

TEST(HttpRoutes, UnderTheRadioHealthSaysThePipelineRestartsAndMetricsCountEachStage) {
    StatusSnapshot s;
    s.stalled = true;
    s.input_waiting = true;
    auto h = health_reply(s);
    EXPECT_EQ(h.status, 503);
    EXPECT_NE(h.body.find("restarting"), std::string::npos) << h.body;
    EXPECT_STREQ(input_state(s), "waiting");
    s.radio =
        R"({"pid":1,"hangs":4,"stages":[{"name":"render","state":"running","restarts":3,"failures":2,)"
        R"("cpu":0.25,"memory_bytes":1000},{"name":"stream","state":"restarting","restarts":0}]})";
    std::string m = metrics_text(s);
    for (const char* line : {"ambient_radio_stage_restarts_total{stage=\"render\"} 3\n",
                             "ambient_radio_stage_failures_total{stage=\"render\"} 2\n",
                             "ambient_radio_stage_up{stage=\"render\"} 1\n",
                             "ambient_radio_stage_up{stage=\"stream\"} 0\n",
                             "ambient_radio_stage_cpu_ratio{stage=\"render\"} 0.25\n",
                             "ambient_radio_stage_memory_bytes{stage=\"render\"} 1000\n",
                             "ambient_stream_input_waiting 1\n", "ambient_radio_hangs_total 4\n"})
        EXPECT_NE(m.find(line), std::string::npos) << line << m;
    auto j = nlohmann::json::parse(status_json(s));
    EXPECT_EQ(j["radio"]["stages"][0]["restarts"], 3);
    EXPECT_EQ(j["input"], "waiting");
}

TEST(HttpRoutes, StatusAndMetricsCarryTheCounts) {
    StatusSnapshot s;
    s.clients = 7;
    s.frames = 1234;
    s.client_frames_dropped = 5;
    s.stalled = false;
    auto j = nlohmann::json::parse(status_json(s));
    EXPECT_EQ(j["clients"], 7);
    EXPECT_EQ(j["frames"], 1234);
    EXPECT_EQ(j["frames_dropped"], 5);
    EXPECT_EQ(j["input"], "flowing");
    std::string m = metrics_text(s);
    EXPECT_NE(m.find("\nambient_stream_clients 7\n"), std::string::npos) << m;
    EXPECT_NE(m.find("\nambient_stream_frames_total 1234\n"), std::string::npos);
    EXPECT_NE(m.find("# TYPE ambient_stream_frames_total counter"), std::string::npos);
}

TEST(HttpRoutes, StatusMessageCarriesControlAndPlaying) {
    StatusSnapshot s;
    s.stalled = false;
    s.clients = 2;
    s.control = R"({"version":3,"key":"D"})";
    auto j = nlohmann::json::parse(status_message(s));
    EXPECT_EQ(j["type"], "status");
    EXPECT_EQ(j["input"], "flowing");
    EXPECT_EQ(j["control"]["key"], "D");
    EXPECT_FALSE(j.contains("playing"));  // no --meta: nothing to say
    s.playing = R"({"sample":0,"chord":"ii7","control_version":3})";
    s.input_finished = true;
    j = nlohmann::json::parse(status_message(s));
    EXPECT_EQ(j["playing"]["chord"], "ii7");
    EXPECT_EQ(j["input"], "finished");
}

TEST(JsonLog, WritesOneObjectPerLineAboveTheThreshold) {
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    {
        JsonLog log(LogLevel::info, fds[1]);
        log.debug("hidden");
        log.info("client_connected", {{"client", 3}, {"address", "127.0.0.1:5000"}});
        log.warn("odd \"quote\"\n");
    }
    close(fds[1]);
    std::string text(4096, '\0');
    text.resize(static_cast<std::size_t>(read(fds[0], text.data(), text.size())));
    close(fds[0]);
    std::vector<nlohmann::json> lines;
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t end = text.find('\n', at);
        lines.push_back(nlohmann::json::parse(text.substr(at, end - at)));
        at = end + 1;
    }
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0]["event"], "client_connected");
    EXPECT_EQ(lines[0]["level"], "info");
    EXPECT_EQ(lines[0]["client"], 3);
    EXPECT_EQ(lines[1]["level"], "warn");
    EXPECT_EQ(std::string(lines[0]["time"]).size(), 24u);  // 2026-11-24T08:00:00.123Z
    EXPECT_FALSE(parse_log_level("loud"));
}

TEST(HttpRoutes, QueryValuesAreWholeKeys) {
    EXPECT_EQ(query_value("/ws/stream?codec=pcm", "codec"), "pcm");
    EXPECT_EQ(query_value("/ws/stream?x=1&codec=", "codec"), "");
    EXPECT_EQ(query_value("/ws/stream?codecs=pcm", "codec"), std::nullopt);
    // Decoded as forms and URLSearchParams encode; a stray '%' stays.
    EXPECT_EQ(query_value("/api/recording?from=2026-12-06+02%3A30&to=now", "from"),
              "2026-12-06 02:30");
    EXPECT_EQ(query_value("/api/recording?from=2026-12-06%2002:30", "from"), "2026-12-06 02:30");
    EXPECT_EQ(query_value("/x?a=100%&b=%4", "a"), "100%");
    EXPECT_EQ(query_value("/x?a=100%&b=%4", "b"), "%4");
    EXPECT_EQ(query_value("/ws/stream?codec", "codec"), std::nullopt);
    EXPECT_EQ(query_value("/ws/stream", "codec"), std::nullopt);
    EXPECT_EQ(path_of("/api/monitor?since=3"), "/api/monitor");
}

TEST(AddressCounts, CapsEachAddressAndGivesPlacesBackOnce) {
    AddressCounts counts(2);
    int a, b, c, d;
    EXPECT_TRUE(counts.add(&a, "192.0.2.1"));
    EXPECT_TRUE(counts.add(&b, "192.0.2.1"));
    EXPECT_FALSE(counts.add(&c, "192.0.2.1"));
    EXPECT_TRUE(counts.add(&d, "192.0.2.2"));
    counts.remove(&a);
    counts.remove(&a);  // a second goodbye changes nothing
    counts.remove(&c);  // never counted
    EXPECT_EQ(counts.count("192.0.2.1"), 1);
    EXPECT_TRUE(counts.add(&c, "192.0.2.1"));
    EXPECT_EQ(counts.count("192.0.2.1"), 2);
    AddressCounts none(0);
    for (int i = 0; i < 1000; ++i)
        EXPECT_TRUE(none.add(reinterpret_cast<const char*>(&none) + i, "127.0.0.1"));
    EXPECT_EQ(default_max_per_address("127.0.0.1"), 0);
    EXPECT_EQ(default_max_per_address("0.0.0.0"), 64);
}

TEST(MetaInput, DeepOrEndlessLinesAreSkippedNotFatal) {
    MetaInput meta{1.0};
    meta.feed(std::string(100000, '[') + "\n", 0);
    meta.feed(std::string(200000, 'x'), 0);  // a line that never ends
    meta.feed("more\n{\"sample\":5,\"chord\":\"i\"}\n", 0);
    EXPECT_EQ(meta.take_up_to(10), "{\"sample\":5,\"chord\":\"i\"}");
}
