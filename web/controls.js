// The steering panel: key, mode, tempo and intensity, sent to POST /api/control a moment
// after the listener stops moving a control, and updated from the server's status
// messages, so a change made by another listener shows up here too.

const DEBOUNCE_MS = 250;
// The key menu spells each pitch one way; other spellings map onto it.
const SAME_KEY = { Db: 'C#', 'D#': 'Eb', Gb: 'F#', 'G#': 'Ab', 'A#': 'Bb', Cb: 'B', 'B#': 'C', Fb: 'E', 'E#': 'F' };
const menuKey = (k) => SAME_KEY[k] || k;

export class Controls {
    constructor(root, { endpoint = '/api/control' } = {}) {
        this.endpoint = endpoint;
        this.el = (id) => root.getElementById(id);
        this.pending = {}; // changes not yet sent
        this.timer = null;
        this.editing = new Set(); // controls the listener is moving: not overwritten meanwhile
        this.version = 0;
        for (const id of ['key', 'mode']) this.el(id).addEventListener('change', (e) => this.changed(id, e.target.value));
        for (const id of ['bpm', 'intensity']) {
            const input = this.el(id);
            input.addEventListener('input', (e) => {
                this.editing.add(id);
                this.showValue(id, Number(e.target.value));
                this.changed(id, Number(e.target.value));
            });
            input.addEventListener('change', () => this.editing.delete(id));
            this.showValue(id, Number(input.value));
        }
    }

    async load() {
        const r = await fetch(this.endpoint);
        if (r.ok) this.show(await r.json());
    }

    changed(field, value) {
        this.pending[field] = value;
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.send(), DEBOUNCE_MS);
    }

    async send() {
        const body = this.pending;
        this.pending = {};
        this.say('sending…');
        try {
            const r = await fetch(this.endpoint, {
                method: 'POST',
                headers: { 'Content-Type': 'application/json' },
                body: JSON.stringify(body),
            });
            const answer = await r.json().catch(() => ({}));
            if (!r.ok) {
                this.say(`refused (${r.status}): ${answer.error || r.statusText}`);
                return;
            }
            this.show(answer);
            this.say(`changed: ${describe(body)}, heard within a bar`);
        } catch (e) {
            this.say(`could not reach the server: ${e.message}`);
        }
    }

    // Values from the server (an answer or a status message).
    show(values) {
        if (!values || typeof values.version !== 'number' || values.version < this.version) return;
        this.version = values.version;
        if (values.key && !this.editing.has('key')) this.el('key').value = menuKey(values.key);
        if (values.mode && !this.editing.has('mode')) this.el('mode').value = values.mode;
        for (const id of ['bpm', 'intensity']) {
            if (typeof values[id] === 'number' && !this.editing.has(id) && !(id in this.pending)) {
                this.el(id).value = values[id];
                this.showValue(id, values[id]);
            }
        }
    }

    // What is playing fills in what nobody has steered yet (the flags the radio started with).
    showPlaying(playing, control = {}) {
        if (!playing) return;
        for (const id of ['key', 'mode']) {
            if (control[id] === undefined && !this.editing.has(id) && !(id in this.pending) && playing[id])
                this.el(id).value = id === 'key' ? menuKey(playing[id]) : playing[id];
        }
        for (const id of ['bpm', 'intensity']) {
            if (control[id] === undefined && !this.editing.has(id) && !(id in this.pending) && typeof playing[id] === 'number') {
                this.el(id).value = playing[id];
                this.showValue(id, playing[id]);
            }
        }
    }

    showValue(id, v) {
        this.el(`${id}-value`).textContent = id === 'bpm' ? `${Math.round(v)} bpm` : `${Math.round(v * 100)} %`;
    }

    say(text) {
        this.el('control-state').textContent = text;
    }
}

function describe(change) {
    return Object.entries(change)
        .map(([k, v]) => `${k} ${k === 'intensity' ? Math.round(v * 100) + ' %' : v}`)
        .join(', ');
}
