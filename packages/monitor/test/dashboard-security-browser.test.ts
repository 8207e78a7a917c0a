// Who may connect and control, in a real headless Chromium (issue 12 #1, #2; issue 11 §3): a page of
// another origin cannot open the monitor's socket or read its files; the token comes from the page's
// URL and leaves the address bar; the controls bar pauses, steps and resumes a live producer, and a
// read-only view shows it disabled. Screenshots go to packages/monitor/artifacts/.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { Subject } from 'rxjs';
import type { TrainEvent } from '@gradstream/events';
import type { DashboardHook } from '../dashboard/src/hook-types.js';
import { serveMonitor } from '../src/index.js';
import { gate } from './helpers/gate.js';
import { linregRun } from './helpers/linreg-run.js';

const artifacts = new URL('../artifacts/', import.meta.url);
mkdirSync(artifacts, { recursive: true });
const browser: Browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
});
test.after(() => browser.close());

/** `window` as the page sees it (this file is type-checked without the DOM lib). */
type Window = { __gradstream?: DashboardHook; probe?: Record<string, string>; location: { href: string } };
const href = (page: Page) => page.evaluate(() => (globalThis as unknown as Window).location.href);
const hook = (page: Page) => page.evaluate(() => JSON.parse(JSON.stringify((globalThis as unknown as Window).__gradstream)) as DashboardHook);
const until = (page: Page, predicate: (h: DashboardHook, arg: unknown) => boolean, arg?: unknown) =>
  page.waitForFunction(`(${predicate.toString()})(globalThis.__gradstream ?? {}, ${JSON.stringify(arg ?? null)})`, undefined, { timeout: 15_000 });

test('a page served from another origin can neither open the monitor\'s WebSocket nor read its HTTP answers', async () => {
  const server = await serveMonitor(new Subject<TrainEvent>());
  const ws = server.wsUrl;
  const http = server.url;
  // The attacker's page: another port on the same machine (another origin), trying everything.
  const foreign = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><script type="module">
      const probe = (globalThis.probe = {});
      const socket = new WebSocket(${JSON.stringify(ws)});
      socket.onopen = () => (probe.ws = 'open');
      socket.onclose = () => (probe.ws ??= 'closed before open');
      for (const path of ['/', '/app.js', '/token-check']) {
        fetch(new URL(path, ${JSON.stringify(http)})).then((r) => r.text()).then((t) => (probe[path] = 'read ' + t.length), (e) => (probe[path] = 'error ' + e.name));
      }
    </script>`);
  });
  await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
  const page = await browser.newPage();
  try {
    await page.goto(`http://127.0.0.1:${(foreign.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => Object.keys((globalThis as unknown as Window).probe ?? {}).length === 4, undefined, { timeout: 15_000 });
    const probe = await page.evaluate(() => (globalThis as unknown as Window).probe);
    assert.equal(probe, { ws: 'closed before open', '/': 'error TypeError', '/app.js': 'error TypeError', '/token-check': 'error TypeError' });
    assert.is(server.stats().clients, 0);
  } finally {
    await page.close();
    await new Promise((resolve) => foreign.close(resolve));
    await server.close();
  }
});

test('the page takes ?token= from its URL, hides it from the address bar, and connects; without it, it says so', async () => {
  const server = await serveMonitor(new Subject<TrainEvent>(), { token: 's3cret' });
  const page = await browser.newPage();
  const bare = await browser.newPage();
  try {
    await page.goto(`${server.url}&maxHz=20`);
    await until(page, (h) => h.connection === 'open');
    assert.is(await href(page), `http://127.0.0.1:${server.port}/?maxHz=20`, 'the token is gone, other options stay');
    await page.reload(); // the tab keeps the token (sessionStorage), not the URL
    await until(page, (h) => h.connection === 'open');

    await bare.goto(`http://127.0.0.1:${server.port}/`);
    await bare.waitForSelector('[data-testid="run-status"][data-state="refused"]', { timeout: 15_000 });
    assert.is(await bare.locator('[data-testid="connection"]').textContent(), 'wrong or missing token');
    assert.match((await bare.locator('[data-testid="run-status"]').textContent()) ?? '', /^Wrong or missing token: /);
    assert.is((await hook(bare)).connection, 'refused');
    await bare.screenshot({ path: new URL('dashboard-refused.png', artifacts).pathname });
  } finally {
    await Promise.all([page.close(), bare.close()]);
    await server.close();
  }
});

test('the controls bar pauses, steps and resumes a live run; a read-only view shows it disabled and why', async () => {
  const run = gate(linregRun({ n: 1000, epochs: 1 }), { stepsPerSecond: 40 }); // 100 steps
  const server = await serveMonitor(run.events$, { control: run, controlToken: 'k3y' });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const viewer = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  try {
    await page.goto(server.url);
    await viewer.goto(server.viewUrl);
    await until(page, (h) => h.control !== null && h.control.canControl === true);
    assert.not.match(await href(page), 'k3y');
    run.start();
    await until(page, (h) => h.stepsSeen >= 3);

    await page.click('[data-testid="control-pause"]');
    await until(page, (h) => h.control?.paused === true);
    await until(viewer, (h) => h.control?.paused === true);
    const paused = (await hook(page)).stepsSeen;
    assert.is(paused, run.emitted - 1, 'every step emitted before the pause was drawn'); // emitted counts the run event
    await page.click('[data-testid="control-step"]');
    await until(page, (h, n) => h.stepsSeen === (n as number) + 1, paused);
    await page.click('[data-testid="control-step"]');
    await until(page, (h, n) => h.stepsSeen === (n as number) + 2, paused);
    assert.is(await page.locator('[data-testid="control-state"]').textContent(), '❚❚ paused');
    await page.screenshot({ path: new URL('dashboard-controls-paused.png', artifacts).pathname });

    await page.selectOption('[data-testid="control-speed"]', '');
    await until(page, (h) => h.control?.stepsPerSecond === null);
    await page.click('[data-testid="control-resume"]');
    await until(page, (h) => h.stepsSeen === 100);
    assert.equal(run.applied.map((c) => c.type), ['pause', 'step', 'step', 'speed', 'resume']);

    // The read-only view: same state, every control disabled, and the note.
    assert.equal((await hook(viewer)).control, { paused: false, stepsPerSecond: null, canSeek: false, canControl: false });
    for (const id of ['control-pause', 'control-resume', 'control-step', 'control-speed', 'control-explain']) {
      assert.ok(await viewer.locator(`[data-testid="${id}"]`).isDisabled(), id);
    }
    assert.match((await viewer.locator('[data-testid="control-note"]').textContent()) ?? '', /^read-only view: /);
    assert.ok(await viewer.locator('[data-testid="control-seek"]').isHidden(), 'a live run cannot seek');
    await viewer.screenshot({ path: new URL('dashboard-controls-read-only.png', artifacts).pathname });
    assert.equal(problems, []);
  } finally {
    run.stop();
    await Promise.all([page.close(), viewer.close()]);
    await server.close();
  }
});

test.run();
