#include "compose/chord_run.hpp"

namespace ambient {

ChordRun::ChordRun(ChordComposer composer, std::optional<Conductor> conductor,
                   std::optional<double> duration_seconds)
    : composer_(std::move(composer)),
      conductor_(std::move(conductor)),
      duration_(duration_seconds) {}

void ChordRun::control_at_start(const ControlValues& file) {
    seen_ = file;
    if (!conductor_) composer_.apply(file);
}

void ChordRun::control_changed(const ControlValues& file) {
    const ControlValues changed = control_changes(seen_.value_or(ControlValues{}), file);
    seen_ = file;
    if (conductor_)
        conductor_->listener_changed(changed);
    else
        composer_.apply(changed);
}

Phrase ChordRun::next() {
    bool last = false;
    if (conductor_) {
        Cue cue = conductor_->next();
        last = cue.last;
        composer_.apply(cue);
    } else if (duration_) {
        const ChordSettings& s = composer_.settings();
        const double length = s.bars * s.meter.beats * 60.0 / s.bpm;
        last = is_last_phrase(elapsed_, length, *duration_);
        composer_.finish_with_next(last);
        elapsed_ += length;
    }
    Phrase p = composer_.next();
    if (seen_) p.control_version = seen_->version;
    finished_ = last;
    return p;
}

}  // namespace ambient
