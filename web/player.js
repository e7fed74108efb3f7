// The network side of the web client: the WebSocket, decoding (WebCodecs Opus, or PCM
// where the page has no WebCodecs), jitter measurement, reconnecting, and the numbers
// the page shows. The audio itself plays in worklet.js.

import { JitterMeter } from './jitter.js';

const FRAME_HEADER_BYTES = 16;

export class StreamPlayer extends EventTarget {
    // `codec`: 'pcm' to ask for raw PCM even where WebCodecs could decode Opus.
    constructor({ url = defaultUrl(), codec = '' } = {}) {
        super();
        this.url = url;
        this.codec = codec;
        this.context = null;
        this.node = null;
        this.volume = null;
        this.socket = null;
        this.decoder = null;
        this.wanted = false; // the listener wants to hear: reconnect when the connection drops
        this.retries = 0; // failed connections in a row
        this.openedAt = null; // when the current connection's hello came
        this.retryTimer = null;
        this.jitter = new JitterMeter();
        this.stats = freshStats();
    }

    // How this page decodes: Opus through WebCodecs where it can (WebCodecs needs a secure
    // page: http://127.0.0.1 is one, plain http from another host is not); else Opus
    // through the WASM decoder ambient-stream serves (from npm, no CDN); else raw PCM.
    // `preference` ('webcodecs', 'wasm' or 'pcm') skips the better ones, for tests.
    static async decoderKind(preference = '') {
        if (preference === 'pcm') return 'pcm';
        if (preference !== 'wasm' && (await webCodecsOpus())) return 'webcodecs';
        if (await loadWasmDecoder()) return 'wasm';
        return 'pcm';
    }

    async connect() {
        if (typeof AudioWorkletNode === 'undefined') {
            // Browsers give AudioWorklet (and WebCodecs) to secure pages only.
            this.setState('disconnected', 'this browser plays audio worklets only on secure pages: ' +
                'open the page over https or from 127.0.0.1');
            return;
        }
        this.wanted = true;
        clearTimeout(this.retryTimer);
        await this.startAudio();
        this.decoderKind = await StreamPlayer.decoderKind(this.codec);
        this.stats.decoder = this.decoderKind;
        const url = this.decoderKind === 'pcm' ? withQuery(this.url, 'codec', 'pcm') : this.url;
        this.stats.connectStartedAt = performance.now();
        this.stats.firstSoundMs = null;
        this.setState('connecting');
        const socket = new WebSocket(url);
        socket.binaryType = 'arraybuffer';
        this.socket = socket;
        socket.onmessage = (e) => this.receive(e.data);
        socket.onclose = (e) => this.closed(socket, e);
        socket.onerror = () => {}; // onclose follows with the code and reason
    }

    disconnect() {
        this.wanted = false;
        this.retries = 0;
        clearTimeout(this.retryTimer);
        if (this.socket) this.socket.close(1000, 'listener left');
        this.socket = null;
        this.resetPlayback();
        this.setState('disconnected', 'you disconnected');
    }

    setVolume(v) {
        if (this.volume) this.volume.gain.value = v;
    }

    async startAudio() {
        if (!this.context) {
            this.context = new AudioContext({ sampleRate: 48000, latencyHint: 'interactive' });
            await this.context.audioWorklet.addModule(new URL('./worklet.js', import.meta.url));
            this.node = new AudioWorkletNode(this.context, 'ambient-player', { outputChannelCount: [2] });
            this.volume = this.context.createGain();
            this.node.connect(this.volume).connect(this.context.destination);
            this.node.port.onmessage = (e) => this.workletStats(e.data);
        }
        if (this.context.state !== 'running') await this.context.resume();
    }

    receive(data) {
        if (typeof data === 'string') {
            const msg = JSON.parse(data);
            if (msg.type === 'hello') this.hello(msg);
            else if (msg.type === 'status') this.dispatchEvent(new CustomEvent('status', { detail: msg }));
            return;
        }
        if (!this.description || data.byteLength < FRAME_HEADER_BYTES) return;
        const view = new DataView(data);
        const sequence = view.getUint32(4, true);
        const position = Number(view.getBigUint64(8, true));
        const s = this.stats;
        s.frames++;
        s.bytes += data.byteLength;
        let gap = false;
        if (this.expected !== null && sequence !== this.expected) {
            s.lost += Math.max(0, sequence - this.expected);
            gap = true;
        }
        this.expected = sequence + 1;
        this.jitter.arrived(sequence, performance.now(), this.description.frame_ms);
        if (s.frames % 25 === 0) this.retarget();
        if (this.description.codec === 'opus') this.decodeOpus(data, position, gap);
        else this.decodePcm(data, gap);
    }

    hello(d) {
        if (d.version !== 1) {
            this.socket.close(1002, 'unknown protocol version');
            return;
        }
        this.description = d;
        this.openedAt = performance.now();
        this.expected = d.next_sequence;
        this.stats.codec = d.codec;
        this.jitter.reset();
        this.resetPlayback();
        if (d.codec === 'opus') this.openDecoder(d);
        this.retarget();
        this.setState('playing');
    }

    openDecoder(d) {
        if (this.decoderKind === 'wasm') {
            const wasm = new window['opus-decoder'].OpusDecoder({ channels: d.channels, sampleRate: d.sample_rate });
            this.wasm = wasm;
            this.wasmQueue = []; // frames that came while the decoder got ready
            wasm.ready.then(() => {
                if (this.wasm !== wasm) return;
                const queued = this.wasmQueue;
                this.wasmQueue = null;
                for (const [payload, gap] of queued) this.decodeWasm(payload, gap);
            });
            return;
        }
        this.gaps = new Set();
        this.decoder = new AudioDecoder({
            output: (audio) => this.decoded(audio),
            error: (e) => this.fail(`the Opus decoder failed: ${e.message}`),
        });
        this.decoder.configure({ codec: 'opus', sampleRate: d.sample_rate, numberOfChannels: d.channels });
    }

    decodeOpus(data, position, gap) {
        if (this.wasm) {
            const payload = new Uint8Array(data, FRAME_HEADER_BYTES);
            if (this.wasmQueue) this.wasmQueue.push([payload, gap]);
            else this.decodeWasm(payload, gap);
            return;
        }
        const timestamp = Math.round((position * 1e6) / this.description.sample_rate);
        if (gap) this.gaps.add(timestamp);
        this.decoder.decode(new EncodedAudioChunk({ type: 'key', timestamp, data: new Uint8Array(data, FRAME_HEADER_BYTES) }));
    }

    decodeWasm(payload, gap) {
        const { channelData, samplesDecoded } = this.wasm.decodeFrame(payload);
        if (samplesDecoded === 0) return;
        const left = channelData[0].slice(0, samplesDecoded);
        const right = (channelData[1] || channelData[0]).slice(0, samplesDecoded);
        this.toWorklet(left, right, gap);
    }

    decoded(audio) {
        const n = audio.numberOfFrames;
        const left = new Float32Array(n);
        const right = new Float32Array(n);
        audio.copyTo(left, { planeIndex: 0, format: 'f32-planar' });
        audio.copyTo(right, { planeIndex: audio.numberOfChannels > 1 ? 1 : 0, format: 'f32-planar' });
        const gap = this.gaps.delete(audio.timestamp);
        audio.close();
        this.toWorklet(left, right, gap);
    }

    decodePcm(data, gap) {
        const channels = this.description.channels;
        const samples = new Int16Array(data, FRAME_HEADER_BYTES);
        const n = samples.length / channels;
        const left = new Float32Array(n);
        const right = new Float32Array(n);
        for (let i = 0; i < n; i++) {
            left[i] = samples[i * channels] / 32768;
            right[i] = samples[i * channels + channels - 1] / 32768;
        }
        this.toWorklet(left, right, gap);
    }

    toWorklet(left, right, gap) {
        this.stats.decoded++;
        this.node.port.postMessage({ type: 'frame', left, right, gap }, [left.buffer, right.buffer]);
    }

    // The jitter buffer's depth follows the measured jitter.
    retarget() {
        const ms = this.jitter.targetMs();
        this.stats.jitterMs = this.jitter.jitterMs();
        this.node.port.postMessage({ type: 'target', samples: Math.round((ms / 1000) * 48000) });
    }

    workletStats(w) {
        const s = this.stats;
        s.level = w.rms > 0 ? 20 * Math.log10(w.rms) : -Infinity;
        s.peak = w.peak;
        s.bufferMs = w.bufferedMs;
        s.targetMs = w.targetMs;
        s.underruns = w.underruns;
        s.rate = w.rate;
        s.playedSeconds = w.playedSeconds;
        const output = this.context ? 1000 * (this.context.outputLatency || this.context.baseLatency || 0) : 0;
        s.latencyMs = w.bufferedMs + output;
        if (s.firstSoundMs === null && w.playing && w.rms > 1e-4 && s.connectStartedAt !== null)
            s.firstSoundMs = performance.now() - s.connectStartedAt;
        this.dispatchEvent(new Event('stats'));
    }

    closed(socket, e) {
        if (socket !== this.socket) return;
        this.socket = null;
        if (this.decoder && this.decoder.state !== 'closed') this.decoder.close();
        this.decoder = null;
        if (this.wasm) this.wasm.free();
        this.wasm = null;
        this.description = null;
        if (!this.wanted) return;
        const why = closeReason(e);
        // Back off: 0.5 s, 1 s, 2 s … up to 10 s, with a little randomness so that many
        // listeners do not all come back in the same instant.
        // A connection that played a while starts the backoff afresh; one that kept failing
        // waits longer each time.
        if (this.openedAt !== null && performance.now() - this.openedAt > 10000) this.retries = 0;
        this.openedAt = null;
        const delay = Math.min(10000, 500 * 2 ** this.retries) * (0.8 + 0.4 * Math.random());
        this.retries++;
        this.stats.reconnects++;
        this.setState('reconnecting', `${why}; trying again in ${(delay / 1000).toFixed(1)} s`);
        this.retryTimer = setTimeout(() => this.wanted && this.connect(), delay);
    }

    fail(message) {
        this.stats.errors.push(message);
        if (this.socket) this.socket.close(1011, 'client error');
    }

    resetPlayback() {
        if (this.node) this.node.port.postMessage({ type: 'reset' });
    }

    setState(state, reason = '') {
        this.stats.state = state;
        this.stats.reason = reason;
        this.dispatchEvent(new Event('state'));
    }
}

async function webCodecsOpus() {
    if (typeof AudioDecoder === 'undefined') return false;
    try {
        const r = await AudioDecoder.isConfigSupported({ codec: 'opus', sampleRate: 48000, numberOfChannels: 2 });
        return r.supported === true;
    } catch {
        return false;
    }
}

// The decoder script (a UMD bundle: it sets window['opus-decoder']), once; false when the
// server has none or it will not compile.
let wasmLoading = null;
function loadWasmDecoder() {
    wasmLoading ??= new Promise((resolve) => {
        const script = document.createElement('script');
        script.src = new URL('./vendor/opus-decoder.min.js', import.meta.url).href;
        script.onload = async () => {
            try {
                const probe = new window['opus-decoder'].OpusDecoder();
                await probe.ready;
                probe.free();
                resolve(true);
            } catch {
                resolve(false);
            }
        };
        script.onerror = () => resolve(false);
        document.head.appendChild(script);
    });
    return wasmLoading;
}

function freshStats() {
    return {
        state: 'disconnected', reason: '', codec: '', decoder: '', frames: 0, decoded: 0, lost: 0, bytes: 0,
        underruns: 0, bufferMs: 0, targetMs: 0, jitterMs: 0, latencyMs: 0, level: -Infinity, peak: 0,
        rate: 1, playedSeconds: 0, reconnects: 0, firstSoundMs: null, connectStartedAt: null, errors: [],
    };
}

function defaultUrl() {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    return `${scheme}//${location.host}/ws/stream`;
}

function withQuery(url, key, value) {
    return url + (url.includes('?') ? '&' : '?') + `${key}=${value}`;
}

function closeReason(e) {
    if (e.code === 1000 && e.reason) return `the server ended the stream (${e.reason})`;
    if (e.code === 1001) return 'the server is shutting down';
    if (e.code === 1006) return 'the connection was lost';
    if (e.code === 1013) return `the server dropped us: ${e.reason || 'too slow'}`;
    return `closed (${e.code}${e.reason ? ': ' + e.reason : ''})`;
}
