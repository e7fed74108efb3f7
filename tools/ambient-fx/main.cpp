// ambient-fx: reverb, delay and a true-peak limiter over any raw PCM stream.
#include <unistd.h>

#include "audio/fx_chain.hpp"
#include "tool.hpp"

using namespace ambient;

int main(int argc, char** argv) {
    CLI::App app{
        "Apply reverb, delay and a limiter to raw PCM from stdin, writing raw PCM to stdout.",
        "ambient-fx"};
    tool::add_version_flag(app);
    tool::PcmFlags pcm;
    pcm.add_to(app);
    bool reverb = false, delay = false, limiter = false;
    ReverbSettings rs;
    rs.decay = 4.0f;
    DelaySettings ds;
    float bpm = 70.0f, delay_ms = 0.0f;
    LimiterSettings ls;

    app.add_flag("--reverb", reverb, "Add a stereo reverb (feedback delay network)");
    app.add_option("--decay", rs.decay, "Reverb decay to -60 dB, seconds")
        ->check(CLI::Range(0.3f, 30.0f))
        ->capture_default_str();
    app.add_option("--reverb-mix", rs.mix, "Reverb wet share, 0..1")
        ->check(CLI::Range(0.0f, 1.0f))
        ->capture_default_str();
    app.add_option("--damping", rs.damping, "Reverb damping, 0 bright .. 1 dark")
        ->check(CLI::Range(0.0f, 1.0f))
        ->capture_default_str();
    app.add_option("--predelay", rs.predelay_ms, "Reverb pre-delay, ms")
        ->check(CLI::Range(0.0f, 200.0f))
        ->capture_default_str();
    app.add_option("--size", rs.size, "Reverb room size, 0.3..2")
        ->check(CLI::Range(0.3f, 2.0f))
        ->capture_default_str();

    app.add_flag("--delay", delay, "Add a ping-pong delay");
    app.add_option("--delay-beats", ds.beats,
                   "Delay time in beats of --bpm (0.75: a dotted eighth)")
        ->check(CLI::Range(0.0625f, 4.0f))
        ->capture_default_str();
    app.add_option("--bpm", bpm, "Tempo the delay follows")
        ->check(CLI::Range(20.0f, 300.0f))
        ->capture_default_str();
    app.add_option("--delay-ms", delay_ms, "Delay time in milliseconds instead of beats")
        ->check(CLI::Range(1.0f, 8000.0f));
    app.add_option("--feedback", ds.feedback, "Delay feedback, 0..0.95")
        ->check(CLI::Range(0.0f, 0.95f))
        ->capture_default_str();
    app.add_option("--delay-mix", ds.mix, "Echo level, 0..1")
        ->check(CLI::Range(0.0f, 1.0f))
        ->capture_default_str();

    app.add_flag("--limiter", limiter, "Add a look-ahead true-peak limiter");
    app.add_option("--ceiling", ls.ceiling_db, "Limiter ceiling, dBTP")
        ->check(CLI::Range(-20.0f, 0.0f))
        ->capture_default_str();
    app.add_option("--release", ls.release_ms, "Limiter release, ms")
        ->check(CLI::Range(10.0f, 2000.0f))
        ->capture_default_str();

    return tool::run(app, argc, argv, [&] {
        FxSettings s;
        if (reverb) s.reverb = rs;
        if (delay) {
            if (delay_ms > 0.0f) {
                ds.beats = delay_ms / 1000.0f;  // beats of a 60 bpm clock are seconds
                bpm = 60.0f;
            }
            s.delay = ds;
        }
        s.bpm = bpm;
        if (limiter) s.limiter = ls;
        run_fx(STDIN_FILENO, STDOUT_FILENO, pcm.parsed(), s);
    });
}
