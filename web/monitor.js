// The operator's page: /api/monitor's samples (one a second, the last hour) drawn on
// canvases, with the stages' state from /api/status. Fetches the hour once, then only
// what is new each second.
const plots = [
  { key: 'listeners', title: 'listeners', unit: '' },
  { key: 'buffer_ms', title: 'buffer', unit: ' ms' },
  { key: 'lateness_ms', title: 'frame lateness (worst of each second)', unit: ' ms' },
  { key: 'frames_dropped', title: 'frames dropped for slow listeners', unit: '/s' },
  { key: 'silent_frames', title: 'frames of silence sent', unit: '/s' },
  { key: 'restarts', title: 'stage restarts (total)', unit: '' },
  { stage: 'cpu', title: 'CPU per stage (1 = one core)', unit: '', scale: 1 },
  { stage: 'memory_mb', title: 'memory per stage', unit: ' MiB', scale: 1 },
];
const colours = ['#7fb8a4', '#e0a96d', '#8fa8e0', '#d68fb8', '#c9d27a', '#e07a7a'];

const data = { t: [], stages: {} };
for (const p of plots) if (p.key) data[p.key] = [];

function append(chunk) {
  const n = chunk.t.length;
  const before = data.t.length;
  data.t.push(...chunk.t);
  for (const p of plots) if (p.key) data[p.key].push(...chunk[p.key]);
  for (const [name, series] of Object.entries(chunk.stages || {})) {
    if (!data.stages[name]) {
      data.stages[name] = { cpu: new Array(before).fill(null), memory_mb: new Array(before).fill(null) };
    }
  }
  for (const [name, s] of Object.entries(data.stages)) {
    const got = (chunk.stages || {})[name];
    for (const field of ['cpu', 'memory_mb']) s[field].push(...(got ? got[field] : new Array(n).fill(null)));
  }
  const keep = chunk.capacity || 3600;
  const extra = data.t.length - keep;
  if (extra > 0) {
    data.t.splice(0, extra);
    for (const p of plots) if (p.key) data[p.key].splice(0, extra);
    for (const s of Object.values(data.stages)) { s.cpu.splice(0, extra); s.memory_mb.splice(0, extra); }
  }
}

function canvasFor(plot) {
  if (plot.canvas) return plot.canvas;
  const box = document.createElement('section');
  box.className = 'plot';
  const h = document.createElement('h2');
  h.textContent = plot.title;
  const value = document.createElement('span');
  value.className = 'value';
  h.append(' ', value);
  const c = document.createElement('canvas');
  c.width = 640; c.height = 120;
  c.setAttribute('aria-label', plot.title);
  c.dataset.series = plot.key || plot.stage;
  box.append(h, c);
  document.getElementById('plots').append(box);
  plot.canvas = c;
  plot.value = value;
  return c;
}

// Lines over the hour: x is time (now at the right), y from 0 to the largest value.
function draw(plot, series) {
  const c = canvasFor(plot);
  const g = c.getContext('2d');
  const w = c.width, h = c.height, pad = 4;
  g.clearRect(0, 0, w, h);
  g.strokeStyle = '#2a313b';
  g.beginPath(); g.moveTo(0, h - pad); g.lineTo(w, h - pad); g.stroke();
  if (data.t.length === 0) return;
  // The span grows with the samples, from a minute to the hour.
  const now = data.t[data.t.length - 1];
  const span = Math.min(3600, Math.max(60, now - data.t[0]));
  let top = 0;
  for (const s of series) for (const v of s.values) if (v !== null && v > top) top = v;
  top = top > 0 ? top * 1.1 : 1;
  let points = 0;
  series.forEach((s, i) => {
    g.strokeStyle = colours[i % colours.length];
    g.lineWidth = 1.5;
    g.beginPath();
    let pen = false;
    s.values.forEach((v, k) => {
      // No sample, or a gap in time (the server was restarting): lift the pen.
      if (v === null || (k > 0 && data.t[k] - data.t[k - 1] > 2.5)) pen = false;
      if (v === null) return;
      const x = w - ((now - data.t[k]) / span) * w;
      const y = h - pad - (v / top) * (h - 2 * pad);
      if (pen) g.lineTo(x, y); else g.moveTo(x, y);
      pen = true;
      points++;
    });
    g.stroke();
    if (series.length > 1) {
      g.fillStyle = g.strokeStyle;
      g.font = '11px system-ui, sans-serif';
      g.fillText(s.name, 6 + 64 * i, 14);
    }
  });
  c.dataset.points = String(points);
  g.fillStyle = '#7d8896';
  g.font = '11px system-ui, sans-serif';
  g.fillText(`${+top.toFixed(2)}${plot.unit}`, w - 70, 14);
  g.fillText(span >= 120 ? `last ${Math.round(span / 60)} min` : `last ${Math.round(span)} s`, 6, h - 8);
  const last = series.map((s) => s.values[s.values.length - 1]).filter((v) => v !== null);
  plot.value.textContent = last.length === 1 ? `now ${+last[0].toFixed(2)}${plot.unit}` : '';
}

function render() {
  for (const p of plots) {
    if (p.key) draw(p, [{ name: p.key, values: data[p.key] }]);
    else draw(p, Object.entries(data.stages).map(([name, s]) => ({ name, values: s[p.stage] })));
  }
}

function showStatus(status) {
  const stages = status.radio ? status.radio.stages : [];
  const body = document.querySelector('#stages tbody');
  body.replaceChildren(...stages.map((s) => {
    const row = document.createElement('tr');
    row.className = s.state;
    const cells = [s.name, s.state, s.pid ?? '–', s.restarts,
      s.last_exit ? `${s.last_exit} at ${s.last_exit_at}` : '–',
      s.cpu.toFixed(2), `${(s.memory_bytes / 1048576).toFixed(1)} MiB`];
    for (const v of cells) { const td = document.createElement('td'); td.textContent = v; row.append(td); }
    return row;
  }));
  document.getElementById('stages').hidden = stages.length === 0;
  document.getElementById('summary').textContent =
    `input ${status.input} · ${status.clients} listener${status.clients === 1 ? '' : 's'} · ` +
    `buffer ${status.buffer_ms.toFixed(0)} ms · up ${(status.uptime_s / 60).toFixed(1)} min` +
    (stages.length ? '' : ' · not under ambient-radio');
}

let since = -1;
async function tick() {
  try {
    const [chunk, status] = await Promise.all([
      fetch(`/api/monitor?since=${since}`).then((r) => r.json()),
      fetch('/api/status').then((r) => r.json()),
    ]);
    append(chunk);
    if (chunk.t.length) since = chunk.t[chunk.t.length - 1];
    showStatus(status);
    render();
    document.body.dataset.samples = String(data.t.length);
  } catch (e) {
    document.getElementById('summary').textContent = `server unreachable (${e.message}); retrying`;
  }
  setTimeout(tick, 1000);
}
render();
tick();
