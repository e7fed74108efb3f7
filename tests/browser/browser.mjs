// What the browser tests share: Debian's chromium, headless with autoplay allowed, in a
// profile of its own; and a wait for the page's player stats to pass a test.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function openBrowser(options = {}) {
    const profile = mkdtempSync(join(tmpdir(), 'ambient-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
        executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
        headless: true,
        ...options,
        args: [
            '--autoplay-policy=no-user-gesture-required',
            '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
            '--disable-background-networking', '--disable-component-update', '--disable-sync',
        ],
    });
    const close = async () => {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
    };
    return { context, close };
}

// stats(): the page's window.ambient.stats; waitFor(what, test, ms) polls them.
export function playerStats(page) {
    const stats = () => page.evaluate(() => ({ ...window.ambient.stats, wanted: window.ambient.wanted }));
    const waitFor = async (what, test, ms = 15000) => {
        const until = Date.now() + ms;
        for (;;) {
            const s = await stats();
            if (test(s)) return s;
            if (Date.now() > until) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(s)}`);
            await page.waitForTimeout(100);
        }
    };
    return { stats, waitFor };
}

// Runs body({ context, problems, summary }) in a fresh browser, then prints
// {...summary, problems} as JSON and exits 1 if there were any problems (a thrown error
// is one).
export async function check(options, body) {
    const { context, close } = await openBrowser(options);
    const problems = [];
    const summary = {};
    try {
        await body({ context, problems, summary });
    } catch (e) {
        problems.push(e.message);
    } finally {
        await close();
    }
    console.log(JSON.stringify({ ...summary, problems }));
    process.exit(problems.length ? 1 : 0);
}
