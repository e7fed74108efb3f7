// The conductor walks a journey phrase by phrase: what the next phrase is composed with.
//
// Going into a scene is a transition as long as the scene asks (in bars): the key and
// mode change on its first phrase (the chord composer opens that phrase on a pivot chord
// the two keys share), the tempo glides, the intensity arcs (easing there, with a breath
// in the middle), the timbre morphs in the renderer over the whole transition, and chord
// colours and harmonic rhythm turn over half-way.
//
// A listener's change overrides the journey for a while: the fields changed take the
// listener's values at once and keep them; then the journey takes over again through a
// transition into the scene of the moment.
#pragma once

#include <optional>
#include <string>

#include "compose/control.hpp"
#include "compose/journey.hpp"

namespace ambient {

struct ConductorSettings {
    double start_clock = 0.0;         // seconds after midnight the piece begins
    std::optional<double> duration;   // seconds until the music ends (nullopt: the journey says)
    double override_seconds = 900.0;  // how long a listener's change holds
    int beats_per_bar = 4;
    int bars_per_phrase = 8;
};

// What one phrase is composed with.
struct Cue {
    std::string scene;
    SceneValues values;
    std::optional<double> preset_glide;  // beats: the timbre morphs from this phrase over them
    bool last = false;                   // the music ends with this phrase
    Json status;  // for the page: {"journey","scene","next","next_in","next_at","override_left"}
};

// The last phrase of music that ends at `end` (seconds): the one after which less than half
// a phrase would be left.
inline bool is_last_phrase(double elapsed, double phrase_seconds, double end) {
    return elapsed + 1.5 * phrase_seconds > end;
}

class Conductor {
  public:
    Conductor(Journey journey, ConductorSettings settings);

    // A listener changed these fields (compose/control.hpp: control_changes) now.
    void listener_changed(const ControlValues& changes);
    // The cue for the phrase that begins now; time moves on by that phrase.
    Cue next();
    bool finished() const noexcept { return finished_; }
    double elapsed() const noexcept { return elapsed_; }
    const Journey& journey() const noexcept { return journey_; }

  private:
    SceneValues target(const Scene& scene) const;
    double end_of_music(const JourneyPosition& pos) const;

    Journey journey_;
    ConductorSettings s_;
    double elapsed_ = 0.0;
    bool started_ = false, finished_ = false;
    // The glide now under way: from `from_` toward `to_`, from glide_start_ for glide_seconds_.
    std::size_t target_scene_ = 0;
    int target_serial_ = -1;  // the override the target was made with (-1: none)
    SceneValues from_, to_, emitted_;
    double glide_start_ = 0.0, glide_seconds_ = 0.0, glide_bars_ = 0.0;
    bool glide_fresh_ = false;  // the glide's first phrase is still to come
    // The listener's override: the fields changed, until when, and a count that tells a new
    // change from the one before.
    std::optional<ControlValues> override_;
    double override_until_ = 0.0;
    int override_serial_ = 0;
};

}  // namespace ambient
