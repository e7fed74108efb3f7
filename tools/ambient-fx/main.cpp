// ambient-fx: reverb, delay and a true-peak limiter over any raw PCM stream.
#include <unistd.h>

#include "audio/fx_chain.hpp"
#include "param_flags.hpp"
#include "tool.hpp"

using namespace ambient;

int main(int argc, char** argv) {
    tool::App app{
        "Apply reverb, delay and a limiter to raw PCM from stdin, writing raw PCM to stdout.",
        "ambient-fx"};
    tool::PcmFlags pcm;
    pcm.add_to(app);
    bool reverb = false, delay = false, limiter = false;
    ReverbSettings rs;
    DelaySettings ds;
    float bpm = 70.0f, delay_ms = 0.0f;
    LimiterSettings ls;

    // Ranges, defaults and help come from the units' parameter tables (synth/params.hpp).
    app.add_flag("--reverb", reverb, "Add a stereo reverb (feedback delay network)");
    tool::add_param_option(app, "--decay", reverb_param::decay, rs.decay);
    tool::add_param_option(app, "--reverb-mix", reverb_param::mix, rs.mix);
    tool::add_param_option(app, "--damping", reverb_param::damping, rs.damping);
    tool::add_param_option(app, "--predelay", reverb_param::predelay_ms, rs.predelay_ms);
    tool::add_param_option(app, "--size", reverb_param::size, rs.size);

    app.add_flag("--delay", delay, "Add a ping-pong delay");
    tool::add_param_option(app, "--delay-beats", delay_param::beats, ds.beats);
    app.add_option("--bpm", bpm, "Tempo the delay follows")
        ->check(CLI::Range(20.0f, 300.0f))
        ->capture_default_str();
    app.add_option("--delay-ms", delay_ms, "Delay time in milliseconds instead of beats")
        ->check(CLI::Range(1.0f, 8000.0f));
    tool::add_param_option(app, "--feedback", delay_param::feedback, ds.feedback);
    tool::add_param_option(app, "--delay-mix", delay_param::mix, ds.mix);

    app.add_flag("--limiter", limiter, "Add a look-ahead true-peak limiter");
    tool::add_param_option(app, "--ceiling", limiter_param::ceiling_db, ls.ceiling_db);
    tool::add_param_option(app, "--release", limiter_param::release_ms, ls.release_ms);

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
        s.non_finite = [](const std::string& what, std::uint64_t frame) {
            tool::warn(what, "stdin frame " + std::to_string(frame));
        };
        const std::uint64_t replaced = run_fx(STDIN_FILENO, STDOUT_FILENO, pcm.parsed(), s);
        if (replaced > 0)
            tool::warn(std::to_string(replaced) + " non-finite samples were replaced by silence",
                       "stdin");
    });
}
