// The steering panel, built from the server's control schema (GET /api/control/schema):
// a menu for each choice field, a slider for each number, with the schema's ranges,
// defaults and help. Nothing about the fields is written here. A change goes to
// POST /api/control a moment after the listener stops moving a control, and the panel
// follows the server's status messages, so another listener's change shows up here too.

const DEBOUNCE_MS = 250;

export class Controls {
    constructor(root, { endpoint = '/api/control', container = 'control-fields' } = {}) {
        this.endpoint = endpoint;
        this.root = root;
        this.el = (id) => root.getElementById(id);
        this.container = this.el(container);
        this.fields = []; // the schema's fields, once loaded
        this.inputs = {}; // name -> its menu or slider
        this.readouts = {}; // name -> the slider's value text
        this.pending = {}; // changes not yet sent
        this.timer = null;
        this.editing = new Set(); // controls the listener is moving: not overwritten meanwhile
        this.version = 0;
    }

    async load() {
        const schema = await fetch(`${this.endpoint}/schema`);
        if (!schema.ok) {
            this.say(`no controls: the server answered ${schema.status}`);
            return;
        }
        this.fields = (await schema.json()).fields;
        for (const field of this.fields) this.container.append(this.build(field));
        const r = await fetch(this.endpoint);
        if (r.ok) this.show(await r.json());
    }

    build(field) {
        const label = this.root.createElement('label');
        label.title = field.help;
        if (field.type === 'choice') {
            const select = this.root.createElement('select');
            select.id = field.name;
            this.inputs[field.name] = select;
            for (const choice of field.choices) select.append(new Option(choice, choice));
            select.value = field.default;
            select.addEventListener('change', (e) => this.changed(field.name, e.target.value));
            label.append(`${field.label} `, select);
            return label;
        }
        label.className = 'slider';
        const value = this.root.createElement('span');
        value.id = `${field.name}-value`;
        this.readouts[field.name] = value;
        const input = this.root.createElement('input');
        Object.assign(input, { id: field.name, type: 'range', min: field.min, max: field.max, step: field.step, value: field.default });
        this.inputs[field.name] = input;
        input.addEventListener('input', (e) => {
            this.editing.add(field.name);
            this.showValue(field, Number(e.target.value));
            this.changed(field.name, Number(e.target.value));
        });
        input.addEventListener('change', () => this.editing.delete(field.name));
        label.append(`${field.label} `, value, input);
        this.showValue(field, field.default);
        return label;
    }

    changed(name, value) {
        this.pending[name] = value;
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
            this.say(`changed: ${this.describe(body)}, heard within a bar`);
        } catch (e) {
            this.say(`could not reach the server: ${e.message}`);
        }
    }

    // Values from the server (an answer or a status message).
    show(values) {
        if (!values || typeof values.version !== 'number' || values.version < this.version) return;
        this.version = values.version;
        this.fill(values, () => true);
    }

    // What is playing fills in what nobody has steered yet (the flags the radio started with).
    // What plays, once the renderer has seen the newest change: then it holds that change
    // or, with a journey, the journey's values (the control file may keep an old override).
    // Until then a field the change set shows the change.
    showPlaying(playing, control = {}) {
        if (!playing) return;
        const caughtUp = (playing.control_version ?? 0) >= (control.version ?? 0);
        this.fill(playing, (name) => caughtUp || control[name] === undefined);
    }

    fill(values, wanted) {
        for (const field of this.fields) {
            const v = values[field.name];
            const free = !this.editing.has(field.name) && !(field.name in this.pending) && wanted(field.name);
            if (v === undefined || v === null || !free) continue;
            if (field.type === 'choice') {
                if (typeof v === 'string') this.inputs[field.name].value = field.aliases[v] || v; // the menu's spelling
            } else if (typeof v === 'number') {
                this.inputs[field.name].value = v;
                this.showValue(field, v);
            }
        }
    }

    showValue(field, v) {
        this.readouts[field.name].textContent = this.format(field, v);
    }

    format(field, v) {
        if (field.unit === '%') return `${Math.round(v * 100)} %`;
        return `${Math.round(v / field.step) * field.step}${field.unit ? ' ' + field.unit : ''}`;
    }

    describe(change) {
        return Object.entries(change)
            .map(([name, v]) => {
                const field = this.fields.find((f) => f.name === name);
                return `${field ? field.label : name} ${field && field.type === 'number' ? this.format(field, v) : v}`;
            })
            .join(', ');
    }

    say(text) {
        this.el('control-state').textContent = text;
    }
}
