// Issue 12 #5: a piped run whose producer dies (input ends without `done` or `error`) must not look
// finished or still running. The monitor serves `fromNdjson(stream)`; when the stream ends early, a real
// Chromium dashboard shows the run as failed with the reason, and a `fromMonitor` client completes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PassThrough } from 'node:stream';
import { chromium, type Browser } from 'playwright-core';
import { lastValueFrom, toArray } from 'rxjs';
import { toNdjsonLine } from '@gradstream/events';
import { fromMonitor, fromNdjson, serveMonitor } from '../src/index.js';
import { linregRun } from './helpers/linreg-run.js';

const browser: Browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
});
test.after(() => browser.close());

const MESSAGE = 'the event stream ended before the run finished (stdin: 20 events, no done or error event)';

test('input that ends before done: the dashboard says the run failed and why; a fromMonitor client completes with the error', async () => {
  const input = new PassThrough();
  const server = await serveMonitor(fromNdjson(input, { name: 'stdin' }));
  const page = await browser.newPage();
  try {
    for (const e of linregRun().slice(0, 20)) input.write(toNdjsonLine(e));
    await page.goto(server.url);
    await page.waitForSelector('[data-testid="run-status"][data-state="running"]', { timeout: 15_000 });
    const client = lastValueFrom(fromMonitor(server.wsUrl).pipe(toArray()));
    input.end(); // the producer died
    await page.waitForSelector('[data-testid="run-status"][data-state="failed"]', { timeout: 15_000 });
    assert.is(await page.locator('[data-testid="run-status"]').textContent(), `Run failed: ${MESSAGE}`);
    const seen = await client;
    assert.equal(seen.at(-1), { type: 'error', message: MESSAGE });
  } finally {
    await page.close();
    await server.close();
  }
});

test('a run interrupted from outside says so (not failed), and once its steps go on (resumed in the same stream) it is running again', async () => {
  const input = new PassThrough();
  const server = await serveMonitor(fromNdjson(input, { name: 'stdin' }));
  const page = await browser.newPage();
  const status = page.locator('[data-testid="run-status"]');
  try {
    const run = linregRun();
    for (const e of run.slice(0, 20)) input.write(toNdjsonLine(e));
    const at = run.slice(0, 20).filter((e) => e.type === 'step').length;
    input.write(toNdjsonLine({ type: 'error', message: `interrupted by Ctrl-C after ${at} steps`, globalStep: at }));
    await page.goto(server.url);
    await page.waitForSelector('[data-testid="run-status"][data-state="interrupted"]', { timeout: 15_000 });
    assert.is(await status.textContent(), `Run interrupted at step ${at}: interrupted by Ctrl-C after ${at} steps`);
    assert.is(await status.getAttribute('class'), 'banner interrupted');
    for (const e of run.slice(20, 30)) input.write(toNdjsonLine(e));
    await page.waitForSelector('[data-testid="run-status"][data-state="running"]', { timeout: 15_000 });
    input.end();
  } finally {
    await page.close();
    await server.close();
  }
});

test.run();
