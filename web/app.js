// The page: wires the player to the buttons and shows what it reports.
import { BackgroundPlayer } from './background.js';
import { Controls } from './controls.js';
import { HistoryPanel } from './history.js';
import { StreamPlayer } from './player.js';
import { SleepTimer } from './sleep_timer.js';

// ?codec=pcm asks for raw PCM (more bandwidth, no decoder needed); ?codec=wasm decodes Opus
// with the WASM decoder even where WebCodecs could.
const player = new StreamPlayer({ codec: new URLSearchParams(location.search).get('codec') || '' });
window.ambient = player; // for the browser test and the curious
const controls = new Controls(document);
window.ambientControls = controls;
controls.load();
const historyPanel = new HistoryPanel(document);
historyPanel.start();
window.ambientHistory = historyPanel; // for the browser test
// Every status message carries the control values: another listener's change shows here.
player.addEventListener('status', (e) => {
    controls.show(e.detail.control);
    controls.showPlaying(e.detail.playing, e.detail.control);
    showPlaying(e.detail.playing);
});

function showPlaying(p) {
    if (!p) return;
    const text = `${p.chord} in ${p.key} ${p.mode} · ${Math.round(p.bpm)} bpm · intensity ${Math.round(p.intensity * 100)} %`;
    $('playing').textContent = `${text} · ${p.preset || ''}`;
    background.setTitle(text);
    $('journey').textContent = journeyText(p.journey);
}

// "day: dawn, then morning at 08:30 (in 1 h 20 min)"; a listener's change holds it for a while.
function journeyText(j) {
    if (!j) return 'none (the music stays where it is steered)';
    const minutes = (s) => (s >= 3600 ? `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min` : `${Math.max(1, Math.round(s / 60))} min`);
    let text = `${j.journey}: ${j.scene}`;
    if (j.next) text += `, then ${j.next} at ${j.next_at} (in ${minutes(j.next_in)})`;
    else if (j.ends_in !== undefined) text += `, ending in ${minutes(j.ends_in)}`;
    if (j.override_left > 0) text += ` · your change holds for ${minutes(j.override_left)} more`;
    return text;
}

const $ = (id) => document.getElementById(id);
const button = $('connect');

button.addEventListener('click', async () => {
    if (player.wanted) player.disconnect();
    else await player.connect();
});
let sleepLevel = 1;  // the sleep timer's fade, times the volume
const applyVolume = () => {
    const v = Number($('volume').value) * sleepLevel;
    player.setVolume(v);
    background.setVolume(v);
};
$('volume').addEventListener('input', applyVolume);
const sleep = new SleepTimer({
    fade: (level) => { sleepLevel = level; applyVolume(); },
    stop: () => { if (player.wanted) player.disconnect(); background.stop(); $('sleep').value = '0'; },
});
window.ambientSleep = sleep;  // for the browser test
$('sleep').addEventListener('change', (e) => sleep.set(Number(e.target.value)));
sleep.addEventListener('change', (e) => {
    const left = e.detail.left;
    $('sleep-left').textContent = left === null ? (e.detail.done ? 'stopped' : '')
        : left > sleep.fadeSeconds ? `${Math.ceil((left - sleep.fadeSeconds) / 60)} min, then a minute's fade` : 'fading';
});

// Background mode: the <audio> element on the HTTP stream instead of the WebSocket player.
const background = new BackgroundPlayer($('background-audio'));
window.ambientBackground = background;
background.addEventListener('playing', (e) => showPlaying(e.detail));
background.addEventListener('blocked', (e) => { $('state').textContent = `background mode could not start: ${e.detail}`; });
background.addEventListener('change', () => {
    $('background').checked = background.active;
    if (background.active) $('state').textContent = `background mode: ${BackgroundPlayer.streamUrl()}`;
});
async function toBackground() {
    if (player.wanted) player.disconnect();
    await background.start(Number($('volume').value));
}
async function toForeground() {
    background.stop();
    await player.connect();
}
$('background').addEventListener('change', async (e) => {
    if (e.target.checked) await toBackground();
    else await toForeground();
});
// A phone that locks or a tab that is hidden: the AudioContext may be suspended there,
// the <audio> element is not.
let movedByPage = false;
document.addEventListener('visibilitychange', async () => {
    if (!$('auto-background').checked) return;
    if (document.visibilityState === 'hidden' && player.wanted && !background.active) {
        movedByPage = true;
        await toBackground();
    } else if (document.visibilityState === 'visible' && movedByPage && background.active) {
        movedByPage = false;
        await toForeground();
    }
});

player.addEventListener('state', () => {
    const s = player.stats;
    const text = { disconnected: 'not connected', connecting: 'connecting…', playing: 'playing', reconnecting: 'reconnecting' };
    $('state').textContent = (text[s.state] || s.state) + (s.reason ? ` — ${s.reason}` : '');
    button.textContent = player.wanted ? 'Stop' : 'Listen';
    button.classList.toggle('on', player.wanted);
    if (s.state === 'playing') player.setVolume(Number($('volume').value));
});

player.addEventListener('stats', () => {
    const s = player.stats;
    const db = Number.isFinite(s.level) ? s.level : -90;
    $('level-bar').style.width = `${Math.max(0, Math.min(100, (db + 60) * (100 / 60)))}%`;
    $('level-text').textContent = Number.isFinite(s.level) ? `${s.level.toFixed(1)} dB` : '–∞ dB';
    $('codec').textContent = s.codec ? `${s.codec} (${s.decoder}) · 48 kHz stereo` : '–';
    $('buffer').textContent = `${s.bufferMs.toFixed(0)} ms (target ${s.targetMs.toFixed(0)} ms)`;
    $('latency').textContent = `≈ ${s.latencyMs.toFixed(0)} ms`;
    $('jitter').textContent = `${s.jitterMs.toFixed(1)} ms`;
    $('underruns').textContent = s.underruns;
    $('frames').textContent = s.frames;
    $('lost').textContent = s.lost;
});
