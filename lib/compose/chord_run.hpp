// ambient-chords' run: phrase after phrase from the chord composer, led by a journey when
// there is one, following the control file's changes, and ending where the journey or a
// duration says (the last phrase closes on the tonic).
#pragma once

#include <optional>

#include "compose/chord_composer.hpp"
#include "compose/conductor.hpp"

namespace ambient {

class ChordRun {
  public:
    ChordRun(ChordComposer composer, std::optional<Conductor> conductor,
             std::optional<double> duration_seconds);

    // The control file as read at the start: it shapes the music unless a journey leads
    // (then only a later change, a listener's, does). From here on phrases carry its version.
    void control_at_start(const ControlValues& file);
    // The control file as read again after it changed: the fields that differ override the
    // journey for a while, or set the composer's values.
    void control_changed(const ControlValues& file);

    Phrase next();
    // After the last phrase of a journey that ends, or of the duration.
    bool finished() const noexcept { return finished_; }

  private:
    ChordComposer composer_;
    std::optional<Conductor> conductor_;
    std::optional<double> duration_;
    std::optional<ControlValues> seen_;  // the control file as last read (none: not followed)
    double elapsed_ = 0.0;               // seconds of music so far (without a journey)
    bool finished_ = false;
};

}  // namespace ambient
