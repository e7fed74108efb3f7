// ambient-radio in Debian's chromium, as a listener and as its operator: the page plays;
// when the renderer is killed (-9) it stays connected and the sound comes back; when the
// server itself is killed the page reconnects by itself and plays again. Then /monitor
// draws its plots from the samples and lists the stages. "Keep what you heard" lists what
// played and saves the last minute as a file named for when it was. Prints a JSON summary; exit 1
// with the reason on failure.
//
// node radio_page.mjs URL PAGE.png MONITOR.png
import { statSync } from 'node:fs';
import { check, playerStats } from './browser.mjs';

const [url, pageShot, monitorShot] = process.argv.slice(2);
const status = () => fetch(new URL('/api/status', url)).then((r) => r.json());
const stagePid = async (name) => (await status()).radio.stages.find((s) => s.name === name).pid;
await check({ viewport: { width: 1100, height: 900 } }, async ({ context, problems, summary }) => {
    const page = context.pages()[0] || (await context.newPage());
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    const { stats, waitFor } = playerStats(page);
    await page.goto(url);
    await page.click('#connect');
    let s = await waitFor('sound', (s) => s.decoded > 100 && s.level > -50 && s.state === 'playing', 20000);

    // The radio follows its journey: the page names the scene and the next one, and
    // offers the timbres (from the control schema) in a menu.
    await page.waitForFunction(() => /^drift: .+, then .+ at \d\d:\d\d/.test(document.getElementById('journey').textContent), null, { timeout: 15000 });
    const presets = await page.evaluate(() => [...document.querySelectorAll('#control-fields option')].map((o) => o.value));
    for (const name of ['drift', 'glass', 'choir', 'haze'])
        if (!presets.includes(name)) problems.push(`the timbre menu lacks ${name}: ${presets.join(' ')}`);
    summary.journey = await page.textContent('#journey');
    summary.now_playing = await page.textContent('#playing');

    // Keep what you heard: the phrases that played, and "1" saves the last minute (FLAC,
    // rendered again by the station) as a download named for when it was.
    await page.waitForFunction(() => !document.getElementById('history').hidden &&
        document.querySelectorAll('#recent li').length > 0, null, { timeout: 25000 });
    summary.recent = await page.textContent('#recent li');
    if (!/ in [A-G][#b]? \w+ · \d+ bpm/.test(summary.recent)) problems.push(`a recent phrase reads "${summary.recent}"`);
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), page.click('a[data-last="60"]')]);
    const saved = { name: download.suggestedFilename(), bytes: statSync(await download.path()).size };
    summary.saved = saved;
    if (!/^ambient-\d{4}-\d\d-\d\d_\d{6}-\d{6}\.flac$/.test(saved.name)) problems.push(`the minute saved is named ${saved.name}`);
    if (!(saved.bytes > 50000)) problems.push(`the minute saved is ${saved.bytes} bytes`);

    // The renderer dies: the same connection carries on and the music returns.
    process.kill(await stagePid('render'), 'SIGKILL');
    const killedAt = Date.now();
    const reconnects = s.reconnects;
    await page.waitForTimeout(300);
    s = await waitFor('sound after the renderer was killed', (s) => s.state === 'playing' && s.level > -50 && s.decoded > 0);
    await page.waitForTimeout(1500);
    s = await stats();
    if (s.reconnects !== reconnects) problems.push('the page lost its connection when the renderer died');
    if (!(s.level > -50)) problems.push(`no sound 1.8 s after the renderer died (level ${s.level})`);
    summary.render_killed = { reconnects: s.reconnects, level_db: +s.level.toFixed(1), checked_after_ms: Date.now() - killedAt };

    // The server dies: the page reconnects by itself to the new one and plays.
    process.kill(await stagePid('stream'), 'SIGKILL');
    const before = s.reconnects;
    s = await waitFor('reconnection to the restarted server',
        (s) => s.reconnects > before && s.state === 'playing' && s.level > -50, 30000);
    summary.stream_killed = { reconnects: s.reconnects, level_db: +s.level.toFixed(1) };
    await page.screenshot({ path: pageShot, fullPage: true });

    // Background mode: the <audio> element on the HTTP stream, with Media Session metadata;
    // chosen by the listener, and taken by the page when it goes to the background.
    const audio = () => page.evaluate(() => {
        const a = document.getElementById('background-audio');
        return { paused: a.paused, time: a.currentTime, src: a.currentSrc, error: a.error && a.error.message,
            title: navigator.mediaSession.metadata && navigator.mediaSession.metadata.title,
            wanted: window.ambient.wanted };
    });
    const waitAudio = async (what, test, ms = 15000) => {
        for (const until = Date.now() + ms; ; await page.waitForTimeout(100)) {
            const a = await audio();
            if (test(a)) return a;
            if (Date.now() > until) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(a)}`);
        }
    };
    await page.check('#background');
    let a = await waitAudio('background audio', (a) => !a.paused && a.time > 1.5 && !a.wanted);
    a = await waitAudio('the now-playing title', (a) => / in [A-G]/.test(a.title || ''));
    summary.background = { src: a.src.replace(/^.*\//, ''), seconds: +a.time.toFixed(1), title: a.title };
    await page.uncheck('#background');
    await waitFor('the WebSocket player again', (s) => s.state === 'playing' && s.level > -50);
    const hide = (state) => page.evaluate((v) => {
        Object.defineProperty(document, 'visibilityState', { value: v, configurable: true });
        document.dispatchEvent(new Event('visibilitychange'));
    }, state);
    await hide('hidden');
    await waitAudio('background audio when hidden', (a) => !a.paused && a.time > 0.5 && !a.wanted);
    await hide('visible');
    await waitFor('the WebSocket player when visible', (s) => s.state === 'playing' && s.level > -50);
    if (!(await audio()).paused) problems.push('the background audio still plays in the foreground');

    // The sleep timer: a fade (here two seconds long), then the player stops by itself.
    const levels = [];
    await page.evaluate(() => { window.ambientSleep.fadeSeconds = 2; window.ambientSleep.set(0.01); });
    for (const until = Date.now() + 10000; Date.now() < until; await page.waitForTimeout(200)) {
        const t = await stats();
        levels.push(t.level);
        if (!(await page.evaluate(() => window.ambient.wanted))) break;
    }
    if (await page.evaluate(() => window.ambient.wanted)) problems.push('the sleep timer did not stop the player');
    summary.sleep_timer = { samples: levels.length, stopped: await page.textContent('#sleep-left') };
    await page.click('#connect');
    await waitFor('sound again after the sleep timer', (s) => s.state === 'playing' && s.level > -50);

    // The operator's page.
    const monitor = await context.newPage();
    monitor.on('pageerror', (e) => problems.push(`monitor error: ${e.message}`));
    await monitor.goto(new URL('/monitor', url).href);
    await monitor.waitForFunction(() => Number(document.body.dataset.samples || 0) >= 4, null, { timeout: 15000 });
    // Each plot drew a point for every sample it has (five stages each for CPU and memory).
    const samples = Number(await monitor.evaluate(() => document.body.dataset.samples));
    const drawn = await monitor.evaluate(() => [...document.querySelectorAll('canvas')].map((c) => (
        { series: c.dataset.series, points: Number(c.dataset.points || 0) })));
    for (const want of ['listeners', 'buffer_ms', 'lateness_ms', 'frames_dropped', 'silent_frames', 'restarts'])
        if (!drawn.find((d) => d.series === want && d.points >= samples)) problems.push(`${want} not plotted: ${JSON.stringify(drawn)}`);
    for (const want of ['cpu', 'memory_mb'])
        if (!drawn.find((d) => d.series === want && d.points >= 5 * (samples - 1))) problems.push(`${want} not plotted per stage: ${JSON.stringify(drawn)}`);
    const rows = await monitor.$$eval('#stages tbody tr', (trs) => trs.map((tr) => tr.firstChild.textContent));
    if (rows.join() !== 'chords,melody,perc,render,stream') problems.push(`stages listed: ${rows}`);
    summary.monitor = { plots: drawn.length, stages: rows, summary: await monitor.textContent('#summary') };
    await monitor.screenshot({ path: monitorShot, fullPage: true });
});
