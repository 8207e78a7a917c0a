// Failover of many pages in a real headless Chromium: two serveRuns replicas on 127.0.0.1 list each other; eight
// dashboard pages on replica A lose it at the same instant when it closes, and each fails over to replica B by
// itself — after its own random wait, so they reach B spread out in time rather than all at once.
import { BehaviorSubject, Subject } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { TaggedEvent } from '@gradstream/events';
import { serveRuns } from '../src/index.js';
import { launchChromium, openPage } from './helpers/chromium.js';

const PAGES = 8;

test('pages of a replica that dies fail over to the other one by one, spread over 0–50% of the 500 ms wait', async () => {
  const replicas = new BehaviorSubject<readonly string[]>([]);
  const runs = new Subject<TaggedEvent>();
  const [a, b] = await Promise.all([serveRuns(runs, { replicas }), serveRuns(runs, { replicas })]);
  replicas.next([a.url, b.url]);
  const browser = await launchChromium();
  try {
    const hostB = new URL(b.url).host;
    const reachedB: number[] = [];
    const pages: Awaited<ReturnType<typeof openPage>>[] = [];
    for (let i = 0; i < PAGES; i++) {
      const { page, problems } = await openPage(browser, a.url);
      page.on('websocket', (ws) => {
        if (new URL(ws.url()).host === hostB) ws.once('framereceived', () => reachedB.push(performance.now()));
      });
      pages.push({ page, problems });
    }
    const monitor = (p: (typeof pages)[number]) => p.page.locator('[data-testid="monitor-address"]').textContent();
    for (const p of pages) await p.page.waitForFunction(`document.querySelector('[data-testid="monitor-address"]')?.textContent === 'on ${new URL(a.url).host}'`);
    const closedAt = performance.now();
    await a.close();
    for (const end = closedAt + 20_000; reachedB.length < PAGES; await new Promise((r) => setTimeout(r, 10))) {
      if (performance.now() > end) assert.unreachable(`${reachedB.length} of ${PAGES} pages reached B`);
    }
    for (const p of pages) assert.match((await monitor(p)) ?? '', `on ${hostB} (failed over from`);
    const after = reachedB.map((t) => t - closedAt).sort((x, y) => x - y);
    const spread = after.at(-1)! - after[0]!;
    console.log(`failover of ${PAGES} pages: B reached ${after.map((ms) => ms.toFixed(0)).join(', ')} ms after A closed (spread ${spread.toFixed(0)} ms)`);
    assert.ok(after[0]! >= 450, `no page came back before its 500 ms wait: ${after[0]!.toFixed(0)} ms`);
    // Without jitter the eight arrived within 36 ms of each other (measured); with 0–250 ms each, a spread under
    // 60 ms has a chance of 8 × 0.24^7 ≈ 0.0004.
    assert.ok(spread > 60, `pages reached B over ${spread.toFixed(0)} ms`);
    for (const p of pages) assert.equal(p.problems.filter((m) => !/WebSocket|ERR_CONNECTION_REFUSED/.test(m)), []);
  } finally {
    await browser.close();
    await b.close();
  }
});

test.run();
