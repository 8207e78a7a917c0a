// "A history that tells the truth", in a real headless Chromium against a real monitor: a 200,000-step
// run (synthetic SGD on d2l's linear regression, test/helpers/long-run.ts) drawn after it ended and
// live, with the initial drop, both charts from step 1, a real gap drawn as a gap (read back from the
// canvas pixels), and the view controls (drag to zoom, pan, follow the latest, double-click).
// Screenshots go to packages/monitor/artifacts/.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { Subject, from, switchMap, take } from 'rxjs';
import type { StepEvent, TrainEvent } from '@gradstream/events';
import type { DashboardHook } from '../dashboard/src/hook-types.js';
import { serveMonitor } from '../src/index.js';
import { launchChromium, openPage } from './helpers/chromium.js';
import { longRun } from './helpers/long-run.js';

const artifacts = new URL('../artifacts/', import.meta.url);
mkdirSync(artifacts, { recursive: true });
const browser = await launchChromium();
test.after(() => browser.close());

type Window = { __gradstream?: DashboardHook };
// The few DOM types the canvas read needs (this file is type-checked without the DOM lib).
type Rect = { left: number; top: number; width: number; height: number };
type Canvas = { width: number; getBoundingClientRect(): Rect; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
type Box = { querySelector(sel: string): (Box & Canvas) | null };
const STEPS = 200_000;
const run = longRun({ steps: STEPS, stepsPerEpoch: 20_000 });
const firstLoss = (run.find((e) => e.type === 'step') as StepEvent).loss;

const open = (url: string) => openPage(browser, url);

const hook = (page: Page) => page.evaluate(() => JSON.parse(JSON.stringify((globalThis as Window).__gradstream)) as DashboardHook);
const done = (page: Page) => page.waitForSelector('[data-testid="run-status"][data-state="done"]', { timeout: 60_000 });
// The throttle redraws within ~100 ms of the last frame; wait until the charts caught up with the store.
const drawn = (page: Page, last: number) => page.waitForFunction((n) => (globalThis as Window).__gradstream?.lossRange?.[1] === n, last, { timeout: 10_000 });

/** Coloured (band or line) pixels of the loss chart's plot area in the pixel column of each step (one canvas read). */
function inkAt(page: Page, steps: number[]): Promise<number[]> {
  return page.evaluate((at) => {
    const root = (globalThis as unknown as { document: Box }).document.querySelector('[data-testid="loss-chart"]')!;
    const over = root.querySelector('.u-over')!.getBoundingClientRect();
    const canvas = root.querySelector('canvas')!;
    const box = canvas.getBoundingClientRect();
    const [lo, hi] = (globalThis as Window).__gradstream!.lossView!;
    const scale = canvas.width / box.width;
    const [left, top] = [Math.round((over.left - box.left) * scale), Math.round((over.top - box.top) * scale)];
    const [width, height] = [Math.round(over.width * scale), Math.round(over.height * scale)];
    const px = canvas.getContext('2d')!.getImageData(left, top, width, height).data;
    // The canvas is transparent over the white card: composed over white, blue − red is (b − r)·alpha;
    // the loss (purples: blue well above red) counts and the faint grey grid lines do not.
    // (No helper function here: the test's compiler would wrap it in a helper the page does not have.)
    return at.map((s) => {
      const x = Math.round(((s - lo) / (hi - lo)) * width);
      let ink = 0;
      for (let y = 0; y < height; y++) {
        const i = (y * width + x) * 4;
        if (((px[i + 2] - px[i]) * px[i + 3]) / 255 > 12) ink++;
      }
      return ink;
    });
  }, steps);
}

test('a page that joins a 200,000-step run after it ended draws the initial drop and both charts from step 1, over the whole run', async () => {
  const server = await serveMonitor(from(run), { port: 0 });
  const { page, problems } = await open(server.url);
  try {
    await done(page);
    await drawn(page, STEPS);
    const h = await hook(page);
    assert.ok(h.lossExtent![1] >= firstLoss, `drawn up to ${h.lossExtent![1]}, first loss ${firstLoss}`);
    assert.ok(h.lossExtent![0] < 1e-3, `drawn down to ${h.lossExtent![0]}`);
    assert.equal(h.lossRange, [1, STEPS]);
    assert.equal(h.paramRange, [0, STEPS], 'the parameters start at their initial values (step 0)');
    assert.equal(h.lossView, [1, STEPS]);
    assert.is(h.viewMode, 'whole');
    // The server's 512-bucket grid: 200,000 steps in cells of 512 steps.
    assert.is(h.lossPoints, Math.ceil(STEPS / 512));
    assert.equal([h.lossGaps, h.paramGaps], [[], []]);
    assert.is(h.epochs, 10);
    await page.screenshot({ path: new URL('history-200k-after.png', artifacts).pathname, fullPage: true });

    // Drag over the first 2 % of the plot: every step chart zooms into the drop.
    const over = (await page.locator('[data-testid="loss-chart"] .u-over').boundingBox())!;
    await page.mouse.move(over.x + 1, over.y + over.height / 2);
    await page.mouse.down();
    await page.mouse.move(over.x + over.width * 0.02, over.y + over.height / 2, { steps: 4 });
    await page.mouse.up();
    const zoomed = await hook(page);
    assert.is(zoomed.viewMode, 'zoom');
    const [a, b] = zoomed.lossView!;
    assert.ok(a < 1000 && b > 2000 && b < 6000, `zoomed to ${a}..${b}`);
    assert.ok(zoomed.lossExtent![1] >= firstLoss, 'the drop is still on screen');
    assert.ok(zoomed.paramRange![1] <= b && zoomed.paramRange![1] > a, `parameters follow the zoom: ${zoomed.paramRange}`);
    await page.locator('[data-testid="loss-chart"]').screenshot({ path: new URL('history-200k-zoomed.png', artifacts).pathname });
    await page.click('[data-testid="pan-right"]');
    const panned = (await hook(page)).lossView!;
    assert.ok(Math.abs(panned[0] - (a + (b - a) / 2)) < 1 && Math.abs(panned[1] - (b + (b - a) / 2)) < 1, `panned to ${panned}`);
    await page.click('[data-testid="follow-latest"]');
    const followed = await hook(page);
    assert.is(followed.viewMode, 'follow');
    assert.is(followed.lossView![1], STEPS);
    assert.ok(Math.abs(followed.lossView![1] - followed.lossView![0] - (b - a)) < 1, 'following keeps the zoom width');
    assert.ok(followed.lossExtent![1] < 0.01, `the tail alone has no large loss: ${followed.lossExtent}`);
    await page.mouse.dblclick(over.x + over.width / 2, over.y + over.height / 2);
    const reset = await hook(page);
    assert.equal([reset.viewMode, reset.lossView], ['whole', [1, STEPS]]);
    assert.equal(problems, []);
  } finally {
    await page.close();
    await server.close();
  }
});

test('a page open before a 200,000-step burst (conflated live frames) draws from step 1 and draws the steps it missed as gaps', async () => {
  const go = new Subject<void>();
  const server = await serveMonitor(go.pipe(take(1), switchMap(() => from(run))), { port: 0 });
  const { page, problems } = await open(server.url);
  try {
    await page.waitForFunction(() => (globalThis as Window).__gradstream?.connection === 'open');
    // A page slower than the burst, whatever the machine: on a quiet CI machine an unthrottled page once kept up with
    // all 200,000 steps, and nothing was conflated.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 8 });
    go.next();
    await done(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await drawn(page, STEPS);
    const h = await hook(page);
    const conflated = server.stats().subscribers.reduce((n, s) => n + s.conflated, 0);
    assert.ok(h.stepsSeen < STEPS && conflated > 0, `the page saw ${h.stepsSeen} steps, ${conflated} conflated`);
    assert.ok(h.lossExtent![1] >= firstLoss, `drawn up to ${h.lossExtent![1]}, first loss ${firstLoss}`);
    assert.equal(h.lossRange, [1, STEPS]);
    assert.is(h.paramRange![0], 0);
    assert.ok(h.lossPoints <= 4000, `loss buckets ${h.lossPoints}`);
    // Whatever the page missed is a gap with unseen steps in it, never a line across.
    assert.ok(h.lossGaps.every(([x, y]) => y > x + 1), JSON.stringify(h.lossGaps.slice(0, 5)));
    console.log(`  live 200k burst: ${h.stepsSeen} steps seen (${conflated} conflated), ${h.lossPoints} loss buckets, ${h.lossGaps.length} loss gaps, ${h.paramGaps.length} parameter gaps`);
    await page.screenshot({ path: new URL('history-200k-live.png', artifacts).pathname, fullPage: true });
    await page.locator('[data-testid="loss-chart"]').screenshot({ path: new URL('history-200k-live-loss.png', artifacts).pathname });
    assert.equal(problems, []);
  } finally {
    await page.close();
    await server.close();
  }
});

test('steps nobody saw (a hole in the recording) are drawn as a gap in the loss and the parameters, not a straight line', async () => {
  const holed: TrainEvent[] = longRun({ steps: STEPS, stepsPerEpoch: 20_000, skip: [[150_000, 160_000]] });
  const server = await serveMonitor(from(holed), { port: 0 });
  const { page, problems } = await open(server.url);
  try {
    await done(page);
    await drawn(page, STEPS);
    const h = await hook(page);
    assert.equal(h.lossGaps, [[149_999, 160_001]]);
    assert.equal(h.paramGaps, [[149_999, 160_001]]);
    await page.locator('[data-testid="loss-chart"]').screenshot({ path: new URL('history-gap.png', artifacts).pathname });
    // Read the canvas: ink over steps 100,000 and 170,000, none in the middle of the hole.
    const [before, inside, after] = await inkAt(page, [100_000, 155_000, 170_000]);
    assert.ok(before > 3 && after > 3, `the band is drawn where there are steps: ${before}, ${after} pixels`);
    assert.is(inside, 0, 'nothing is drawn over the hole');
    assert.equal(problems, []);
  } finally {
    await page.close();
    await server.close();
  }
});

test.run();
