// `gradstream train --monitor`, as a person meets it: the real bin in a child process with default options,
// the printed URL opened in Debian's headless Chromium. The run waits for the page, lasts 10–20 s, fills the
// explanation and graph panels with the numbers of the step they explain, and can be paused and single-
// stepped without changing a single bit of the result. The screenshot is the one the README shows.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { parseTrainEvent, type DoneEvent, type ExplainEvent, type StepEvent, type TrainEvent } from '@gradstream/events';
import { formatNumber } from '../../../packages/monitor/dashboard/src/format.js';
import { runCli } from './cli.js';
import { hook, watchSession, type Window } from './watched.js';

const { browser, tmp, startWatched } = await watchSession('watch');
const screenshots = new URL('../../../docs/', import.meta.url);
mkdirSync(screenshots, { recursive: true });

/** A read-only viewer over the WebSocket (no control key): collects every event of the run. */
function watchEvents(url: string): { events: TrainEvent[]; ws: WebSocket; frames: unknown[] } {
  const ws = new WebSocket(url.replace('http', 'ws').replace(/[?&]control=[^&]*/, '').replace(/\?$/, ''));
  const events: TrainEvent[] = [];
  const frames: unknown[] = [];
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data));
    frames.push(frame);
    if (frame.type !== 'hello' && 'seq' in frame) events.push(parseTrainEvent(JSON.stringify(frame), 'ws'));
  });
  return { events, ws, frames };
}

test('train --monitor PORT, default options: waits for the page, lasts 10–20 s, and the explanation and graph panels show the explained step', async () => {
  const { child, url, out, exited } = await startWatched(['--monitor', '0']);
  await new Promise((r) => setTimeout(r, 1500));
  assert.match(out.text, /^waiting for the dashboard: open the address above/m);
  assert.not.match(out.text, /epoch 1,/, 'training waits for the dashboard');
  const page = await browser.newPage({ viewport: { width: 1280, height: 2000 } });
  const opened = Date.now();
  await page.goto(url);
  const viewer = watchEvents(url);
  // The first step of epoch 2 is explained live, with its graph.
  await page.waitForFunction(() => ((globalThis as unknown as Window).__gradstream?.explainStep ?? 0) > 1 && (globalThis as unknown as Window).__gradstream!.graphNodes >= 8, undefined, { timeout: 20_000 });
  const explained = (await hook(page, (h) => h.explainStep))!;
  // The panel's numbers are those of the step it explains.
  await new Promise((r) => setTimeout(r, 300));
  const step = viewer.events.find((e): e is StepEvent => e.type === 'step' && e.globalStep === explained)!;
  assert.ok(step, `the viewer saw step ${explained}`);
  for (const [j, id] of [[0, 'w-0'], [1, 'w-1']] as const) assert.is(await page.textContent(`[data-testid="explain-after-${id}"]`), formatNumber(step.w![j], 5));
  assert.is(await page.textContent('[data-testid="explain-after-b"]'), formatNumber(step.b, 5));
  await page.waitForFunction(() => (globalThis as unknown as Window).__gradstream?.state === 'done', undefined, { timeout: 30_000 });
  const seconds = (Date.now() - opened) / 1000;
  assert.ok(seconds >= 10 && seconds <= 20, `the lesson lasted ${seconds.toFixed(1)} s under the dashboard`);
  // A finished live run has nothing left to control: the bar says so.
  await page.locator('[data-testid="control-state"]', { hasText: '■ finished' }).waitFor({ timeout: 5000 });
  assert.is(await page.isDisabled('[data-testid="control-pause"]'), true);
  await page.screenshot({ path: new URL('dashboard.png', screenshots).pathname, fullPage: true });
  viewer.ws.close();
  await page.close();
  child.kill('SIGINT');
  assert.is(await exited, 0);
});

test('pause, three single steps, resume: the final w and b equal an unpaused run bit for bit; a read-only viewer cannot control', async () => {
  const unpaused = await runCli(['train', '--events']);
  const done = unpaused.stdout.trim().split('\n').map((l, i) => parseTrainEvent(l, `line ${i + 1}`)).at(-1) as DoneEvent;
  const { url, exited } = await startWatched(['--monitor', '0', '--steps-per-second', '50', '--exit-when-done']);
  const viewer = watchEvents(url);
  const page = await browser.newPage();
  await page.goto(url);
  await page.waitForFunction(() => ((globalThis as unknown as Window).__gradstream?.latest?.globalStep ?? 0) >= 20, undefined, { timeout: 20_000 });
  // The read-only viewer tries to pause: an error frame, and the run goes on.
  await new Promise<void>((r) => (viewer.ws.readyState === WebSocket.OPEN ? r() : viewer.ws.once('open', () => r())));
  viewer.ws.send(JSON.stringify({ type: 'pause' }));
  await new Promise((r) => setTimeout(r, 300));
  assert.ok(viewer.frames.some((f) => (f as { type: string; message?: string }).type === 'error' && /^control refused/.test((f as { message: string }).message)), 'error frame');
  assert.is(await hook(page, (h) => h.control?.paused), false);
  await page.click('[data-testid="control-pause"]');
  await page.waitForFunction(() => (globalThis as unknown as Window).__gradstream?.control?.paused === true);
  await new Promise((r) => setTimeout(r, 300));
  const pausedAt = (await hook(page, (h) => h.latest!.globalStep))!;
  // Paused: the page explains the step it is paused on, and nothing moves.
  await page.waitForFunction((s) => (globalThis as unknown as Window).__gradstream?.explainStep === s, pausedAt, { timeout: 5000 });
  await new Promise((r) => setTimeout(r, 400));
  assert.is(await hook(page, (h) => h.latest!.globalStep), pausedAt);
  for (let k = 1; k <= 3; k++) {
    await page.click('[data-testid="control-step"]');
    await page.waitForFunction((s) => (globalThis as unknown as Window).__gradstream?.explainStep === s, pausedAt + k, { timeout: 5000 });
  }
  assert.is(await hook(page, (h) => h.latest!.globalStep), pausedAt + 3);
  await page.click('[data-testid="control-resume"]');
  assert.is(await exited, 0);
  const last = viewer.events.at(-1) as DoneEvent;
  assert.is(last.type, 'done');
  assert.equal([last.w, last.b], [done.w, done.b]);
  viewer.ws.close();
  await page.close();
});

for (const optimizer of ['momentum', 'adam'] as const) {
  test(`${optimizer}: the explain panel's change column is the step's real parameter change, and shows the optimizer's own state`, async () => {
    const record = join(tmp, `${optimizer}.ndjson`);
    const { url, child, exited } = await startWatched(['--monitor', '0', '--optimizer', optimizer, '--no-wait', '--steps-per-second', 'max', '--record', record]);
    const page = await browser.newPage();
    await page.goto(url);
    await page.waitForFunction(() => (globalThis as unknown as Window).__gradstream?.state === 'done' && (globalThis as unknown as Window).__gradstream!.graphNodes >= 8, undefined, { timeout: 20_000 });
    const events = readFileSync(record, 'utf8').trim().split('\n').map((l, i) => parseTrainEvent(l, `${record}:${i + 1}`));
    const explained = events.filter((e): e is ExplainEvent => e.type === 'explain').pop()!;
    const stepAt = (g: number) => events.find((e): e is StepEvent => e.type === 'step' && e.globalStep === g)!;
    const [before, after] = [stepAt(explained.globalStep - 1), stepAt(explained.globalStep)];
    const ids = ['w-0', 'w-1', 'b'];
    const pBefore = [...before.w!, before.b!];
    const pAfter = [...after.w!, after.b!];
    for (const [j, id] of ids.entries()) {
      const shown = Number(await page.getAttribute(`[data-testid="explain-delta-${id}"]`, 'data-value'));
      assert.ok(Math.abs(shown - (pAfter[j] - pBefore[j])) <= 1e-12, `${id}: shown ${shown}, real ${pAfter[j] - pBefore[j]}`);
    }
    const stateColumn = optimizer === 'adam' ? 'mhat' : 'velocity';
    assert.ok(Number.isFinite(Number(await page.getAttribute(`[data-testid="explain-${stateColumn}-b"]`, 'data-value'))), `${stateColumn} column shown`);
    await page.close();
    child.kill('SIGINT');
    assert.is(await exited, 0);
  });
}

test('train --lr 3 and --lr 100 stop before NaN: exit 1, the divergence message, and a suggested lr that converges when run', async () => {
  for (const lr of ['3', '100']) {
    const { code, stderr } = await runCli(['train', '--lr', lr]);
    assert.is(code, 1, stderr);
    const m = /^gradstream: training diverged at epoch \d+, step \d+ \(global step \d+\): the batch loss reached \S+ .* with lr \d+\. \(try a smaller learning rate: lr (\S+) converges on this data \(checked by a one-epoch probe run\)\)$/m.exec(stderr);
    assert.ok(m, stderr);
    const retry = await runCli(['train', '--lr', m![1]]);
    assert.is(retry.code, 0, retry.stderr);
    assert.match(retry.stdout, /^epoch 3, loss /m);
  }
});

test.run();
