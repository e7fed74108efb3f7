// The audio thread of the web client: an adaptive jitter buffer in front of the sound card.
//
// Decoded 20 ms frames arrive from the page; this processor keeps them in a queue and
// plays them. It starts once the queue holds the target depth (which the page sets from
// the jitter it measures), holds the depth there by playing up to 0.5 % faster or slower
// (a pitch change nobody hears), and when the queue runs dry or a frame is missing it fades
// out and back in over a few milliseconds instead of clicking. It reports its level and
// depth to the page a few times a second.

const MAX_RATE_CHANGE = 0.005;
const FADE_SAMPLES = 128; // about 2.7 ms at 48 kHz

class AmbientPlayer extends AudioWorkletProcessor {
    constructor() {
        super();
        this.queue = []; // {left, right}: Float32Array each
        this.position = 0; // fractional read position in queue[0]
        this.queued = 0; // samples in the queue, including those of queue[0] already played
        this.target = 0.08 * sampleRate;
        this.playing = false;
        this.gain = 0; // the fade: 0 silent .. 1 full
        this.rate = 1;
        this.underruns = 0;
        this.played = 0;
        this.sumSquares = 0;
        this.peak = 0;
        this.measured = 0;
        this.sinceReport = 0;
        this.port.onmessage = (e) => this.receive(e.data);
    }

    receive(msg) {
        if (msg.type === 'frame') {
            if (msg.gap) this.fadeTail();
            if (msg.gap) fadeIn(msg.left, msg.right);
            this.queue.push({ left: msg.left, right: msg.right });
            this.queued += msg.left.length;
        } else if (msg.type === 'target') {
            this.target = Math.max(FADE_SAMPLES * 4, msg.samples);
        } else if (msg.type === 'reset') {
            this.queue = [];
            this.queued = 0;
            this.position = 0;
            this.playing = false;
            this.gain = 0;
        }
    }

    // A frame was lost: the audio before the hole fades out so the jump is not a click.
    fadeTail() {
        let remaining = FADE_SAMPLES;
        for (let i = this.queue.length - 1; i >= 0 && remaining > 0; i--) {
            const { left, right } = this.queue[i];
            const start = i === 0 ? Math.ceil(this.position) : 0;
            const n = Math.min(remaining, left.length - start);
            for (let k = 0; k < n; k++) {
                const at = left.length - 1 - k;
                const g = (FADE_SAMPLES - remaining + k) / FADE_SAMPLES;
                left[at] *= g;
                right[at] *= g;
            }
            remaining -= n;
        }
    }

    // Samples not yet played.
    get buffered() {
        return Math.max(0, this.queued - this.position);
    }

    // The next sample pair at the fractional read position (linear interpolation).
    read(out, index) {
        let head = this.queue[0];
        const i = Math.floor(this.position);
        const frac = this.position - i;
        const next = i + 1 < head.left.length ? head : this.queue[1] || head;
        const j = next === head ? i + 1 : 0;
        out[0][index] = head.left[i] + (next.left[Math.min(j, next.left.length - 1)] - head.left[i]) * frac;
        out[1][index] = head.right[i] + (next.right[Math.min(j, next.right.length - 1)] - head.right[i]) * frac;
        this.position += this.rate;
        while (this.queue.length && this.position >= this.queue[0].left.length) {
            this.position -= this.queue[0].left.length;
            this.queued -= this.queue[0].left.length;
            this.queue.shift();
        }
        if (this.queue.length === 0) {
            this.position = 0;
            this.queued = 0;
        }
    }

    process(inputs, outputs) {
        const out = outputs[0];
        const n = out[0].length;
        const right = out[1] || out[0];
        const channels = [out[0], right];
        if (!this.playing && this.buffered >= this.target) {
            this.playing = true;
        }
        if (this.playing) {
            // Hold the depth at the target: a little faster when too deep, slower when short.
            const error = (this.buffered - this.target) / this.target;
            const wanted = 1 + Math.max(-MAX_RATE_CHANGE, Math.min(MAX_RATE_CHANGE, error * 0.02));
            this.rate += (wanted - this.rate) * 0.05;
            // Not enough for this block and a fade: fade out over what is left, then wait.
            const need = Math.ceil(n * this.rate) + 2;
            const runningDry = this.buffered < need + FADE_SAMPLES;
            const canPlay = Math.min(n, Math.floor((this.buffered - 2) / this.rate));
            for (let k = 0; k < n; k++) {
                if (k >= canPlay || this.queue.length === 0) {
                    channels[0][k] = 0;
                    channels[1][k] = 0;
                    continue;
                }
                this.read(channels, k);
                // Out over what is left when running dry; back in after a pause.
                if (runningDry) this.gain = Math.min(this.gain, 1 - (k + 1) / Math.max(1, canPlay));
                else this.gain = Math.min(1, this.gain + 1 / FADE_SAMPLES);
                channels[0][k] *= this.gain;
                channels[1][k] *= this.gain;
            }
            this.played += canPlay;
            if (runningDry) {
                this.playing = false;
                this.underruns++;
                this.gain = 0;
            }
        } else {
            channels[0].fill(0);
            channels[1].fill(0);
        }
        this.meter(channels, n);
        return true;
    }

    meter(channels, n) {
        for (let k = 0; k < n; k++) {
            const l = channels[0][k];
            const r = channels[1][k];
            this.sumSquares += l * l + r * r;
            this.peak = Math.max(this.peak, Math.abs(l), Math.abs(r));
        }
        this.measured += n;
        this.sinceReport += n;
        if (this.sinceReport >= sampleRate / 20) {
            this.port.postMessage({
                type: 'stats',
                rms: Math.sqrt(this.sumSquares / (2 * this.measured)),
                peak: this.peak,
                bufferedMs: (1000 * this.buffered) / sampleRate,
                targetMs: (1000 * this.target) / sampleRate,
                playing: this.playing,
                rate: this.rate,
                underruns: this.underruns,
                playedSeconds: this.played / sampleRate,
            });
            this.sumSquares = 0;
            this.peak = 0;
            this.measured = 0;
            this.sinceReport = 0;
        }
    }
}

// The first samples after a pause or a hole rise from silence.
function fadeIn(left, right) {
    const n = Math.min(FADE_SAMPLES, left.length);
    for (let k = 0; k < n; k++) {
        const g = k / n;
        left[k] *= g;
        right[k] *= g;
    }
}

registerProcessor('ambient-player', AmbientPlayer);
