// Network jitter, measured from frame arrival times: how late a frame comes compared with
// the steadiest frames of the last few seconds. The jitter buffer's target depth follows it.

const WINDOW = 250; // frames: 5 s of 20 ms frames
const SETTLE_MS = 200; // the pre-roll arrives in a burst on connecting: not jitter

export class JitterMeter {
    constructor() {
        this.reset();
    }

    reset() {
        this.offsets = [];
        this.startedAt = null;
        this.cached = null;
    }

    // A frame with sequence number `sequence` arrived at `now` (ms).
    arrived(sequence, now, frameMs) {
        if (this.startedAt === null) this.startedAt = now;
        if (now - this.startedAt < SETTLE_MS) return;
        this.offsets.push(now - sequence * frameMs);
        if (this.offsets.length > WINDOW) this.offsets.shift();
        this.cached = null;
    }

    // The spread of arrival times: 95th percentile lateness over the earliest arrival.
    jitterMs() {
        if (this.cached !== null) return this.cached;
        if (this.offsets.length < 10) return 0;
        const sorted = [...this.offsets].sort((a, b) => a - b);
        this.cached = sorted[Math.floor(sorted.length * 0.95)] - sorted[0];
        return this.cached;
    }

    // Depth to hold: one frame of the server's rhythm, plus room for the jitter seen.
    targetMs() {
        if (this.offsets.length < 10) return 80;
        return Math.min(1000, Math.max(50, 30 + 1.5 * this.jitterMs()));
    }
}
