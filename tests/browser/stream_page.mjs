// Opens ambient-stream's page in Debian's chromium (headless, autoplay allowed) and checks
// that it plays: frames arrive and decode, the AudioWorklet's output is not silent, the
// console stays clean, and disconnecting, connecting again and losing the connection all
// work. Prints a JSON summary; exit 1 with the reason on failure.
//
// node stream_page.mjs URL SCREENSHOT.png
import { check, playerStats } from './browser.mjs';

const [url, screenshot] = process.argv.slice(2);
await check({}, async ({ context, problems, summary }) => {
    const page = context.pages()[0] || (await context.newPage());
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    const { stats, waitFor } = playerStats(page);

    await page.goto(url);
    await page.click('#connect');
    // Sound: decoded frames and a level well above silence from the worklet itself.
    let s = await waitFor('sound', (s) => s.decoded > 100 && s.level > -50 && s.state === 'playing');
    Object.assign(summary, {
        codec: s.codec, decoder: s.decoder, decoded: s.decoded, level_db: +s.level.toFixed(1), first_sound_ms: Math.round(s.firstSoundMs),
        buffer_ms: Math.round(s.bufferMs), target_ms: Math.round(s.targetMs), latency_ms: Math.round(s.latencyMs),
        jitter_ms: +s.jitterMs.toFixed(1), lost: s.lost, underruns: s.underruns,
    });
    const shown = await page.textContent('#state');
    if (!shown.includes('playing')) problems.push(`page says "${shown}" while playing`);
    if (!(await page.textContent('#codec')).includes(s.codec)) problems.push('codec not shown');

    // The controls are the server's schema: every field, its choices and its range.
    const schema = await fetch(new URL('/api/control/schema', url)).then((r) => r.json());
    for (const field of schema.fields) {
        const shownField = await page.evaluate((name) => {
            const el = document.getElementById(name);
            return el && { tag: el.tagName, options: [...(el.options || [])].map((o) => o.value), min: el.min, max: el.max };
        }, field.name);
        if (!shownField) problems.push(`no control for ${field.name}`);
        else if (field.type === 'choice' && shownField.options.join() !== field.choices.join()) problems.push(`${field.name} offers ${shownField.options}`);
        else if (field.type === 'number' && (Number(shownField.min) !== field.min || Number(shownField.max) !== field.max)) problems.push(`${field.name} ranges ${shownField.min}..${shownField.max}`);
    }
    summary.controls = schema.fields.map((f) => f.name);

    // Steering: moving the tempo slider reaches the server, and another listener's change
    // of key shows up on this page.
    const bpm = 60 + Math.floor(Math.random() * 80);
    await page.locator('#bpm').fill(String(bpm));
    const control = () => fetch(new URL('/api/control', url)).then((r) => r.json());
    for (let i = 0; (await control()).bpm !== bpm; i++) {
        if (i > 50) throw new Error(`the tempo slider did not reach the server: ${JSON.stringify(await control())}`);
        await page.waitForTimeout(100);
    }
    await page.waitForFunction(() => document.getElementById('control-state').textContent.startsWith('changed'));
    const key = (await page.inputValue('#key')) === 'F#' ? 'Bb' : 'F#';
    const posted = await fetch(new URL('/api/control', url), { method: 'POST', body: JSON.stringify({ key }) });
    if (posted.status !== 200) throw new Error(`POST /api/control: ${posted.status}`);
    await page.waitForFunction((k) => document.getElementById('key').value === k, key, { timeout: 5000 });
    // And the music follows: the page's "now playing" comes from the audio leaving the server.
    await page
        .waitForFunction(
            ([b, k]) => {
                const text = document.getElementById('playing').textContent;
                return text.includes(`in ${k} `) && text.includes(`${b} bpm`);
            },
            [bpm, key],
            { timeout: 10000 },
        )
        .catch(async () => {
            throw new Error(`asked for ${key} at ${bpm} bpm, the page says "${await page.textContent('#playing')}"`);
        });
    summary.steered = { bpm, key, playing: await page.textContent('#playing') };
    await page.screenshot({ path: screenshot, fullPage: true });

    // Disconnect: frames stop.
    await page.click('#connect');
    s = await waitFor('disconnect', (s) => s.state === 'disconnected');
    const stopped = s.frames;
    await page.waitForTimeout(500);
    if ((await stats()).frames !== stopped) problems.push('frames still arrive after disconnecting');

    // Connect again: sound again.
    await page.click('#connect');
    await waitFor('sound after reconnecting', (s) => s.frames > stopped + 50 && s.state === 'playing' && s.level > -50);

    // The connection drops: the page says why and comes back by itself.
    await page.evaluate(() => window.ambient.socket.close(4000, 'test drop'));
    s = await waitFor('the reason shown', (s) => s.state === 'reconnecting', 5000);
    summary.drop_reason = s.reason;
    if (!(await page.textContent('#state')).includes('4000')) problems.push('the page does not say why it lost the connection');
    const before = s.frames;
    s = await waitFor('automatic reconnection', (s) => s.state === 'playing' && s.frames > before + 50 && s.level > -50);
    summary.reconnects = s.reconnects;
});
