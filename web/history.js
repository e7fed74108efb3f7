// "Keep what you heard": links that save the last minutes, and the phrases that played
// lately, each a place to save from. The station re-renders the stretch at full quality
// (GET /api/recording); a stream that keeps no history (/api/status says) hides the panel.
export class HistoryPanel {
    constructor(doc, { refreshMs = 10000 } = {}) {
        this.doc = doc;
        this.panel = doc.getElementById('history');
        this.list = doc.getElementById('recent');
        this.format = doc.getElementById('save-format');
        this.refreshMs = refreshMs;
        this.format.addEventListener('change', () => this.relink());
        this.relink();
    }

    async start() {
        try {
            const status = await fetch('/api/status').then((r) => r.json());
            if (!status.history) return; // the panel stays hidden
        } catch {
            return;
        }
        this.refresh();
        this.timer = setInterval(() => this.refresh(), this.refreshMs);
    }

    // The "last N minutes" links in the chosen format.
    relink() {
        for (const a of this.doc.querySelectorAll('a[data-last]')) a.href = this.url({ last: a.dataset.last });
        for (const a of this.list.querySelectorAll('a[data-from]')) a.href = this.url({ from: a.dataset.from, to: 'now' });
    }

    url(query) {
        return `/api/recording?${new URLSearchParams({ ...query, format: this.format.value })}`;
    }

    async refresh() {
        let reply;
        try {
            reply = await fetch('/api/history?since=-1h&limit=12');
        } catch {
            return; // the next refresh tries again
        }
        if (!reply.ok) return;
        const { phrases } = await reply.json();
        this.panel.hidden = false;
        this.list.replaceChildren(...phrases.map((p) => this.item(p)));
        this.relink();
    }

    item(p) {
        const li = this.doc.createElement('li');
        const when = new Date(p.time * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
        const scene = p.scene ? ` · ${p.scene}` : '';
        li.textContent = `${when} · ${p.chords.join(' ')} in ${p.key} ${p.mode} · ${Math.round(p.bpm)} bpm${scene} · `;
        const save = this.doc.createElement('a');
        save.textContent = 'save from here';
        save.dataset.from = String(p.time);
        save.download = '';
        li.append(save);
        return li;
    }
}
