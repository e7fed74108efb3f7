// The listener's sleep timer: after the chosen minutes the sound fades over a minute, then
// the player stops. `fade(gain)` sets the level (0..1 of the volume); `stop()` ends playback.
export class SleepTimer extends EventTarget {
    constructor({ fade, stop, fadeSeconds = 60 }) {
        super();
        this.fade = fade;
        this.stop = stop;
        this.fadeSeconds = fadeSeconds;
        this.endsAt = null;
        this.tick = null;
    }

    // Minutes until the fade begins; 0 cancels.
    set(minutes) {
        this.cancel();
        if (!(minutes > 0)) return;
        this.endsAt = Date.now() + minutes * 60000 + this.fadeSeconds * 1000;
        this.tick = setInterval(() => this.step(), 250);
        this.step();
    }

    cancel() {
        if (this.tick) clearInterval(this.tick);
        this.tick = null;
        if (this.endsAt) this.fade(1);
        this.endsAt = null;
        this.dispatchEvent(new CustomEvent('change', { detail: { left: null } }));
    }

    step() {
        const left = (this.endsAt - Date.now()) / 1000;
        if (left <= 0) {
            clearInterval(this.tick);
            this.tick = null;
            this.endsAt = null;
            this.stop();
            this.fade(1);  // the next listen starts at the chosen volume
            this.dispatchEvent(new CustomEvent('change', { detail: { left: null, done: true } }));
            return;
        }
        this.fade(Math.min(1, left / this.fadeSeconds));
        this.dispatchEvent(new CustomEvent('change', { detail: { left } }));
    }
}
