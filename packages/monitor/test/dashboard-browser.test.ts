// The dashboard in a real headless Chromium (Debian's /usr/bin/chromium driven by playwright-core):
// a real monitor on 127.0.0.1 serves the page while `@gradstream/trainer` trains the d2l lesson, and
// the test reads what the page shows — chart points, the parameters, the explanation, the graph —
// against the events the run emitted. Screenshots go to packages/monitor/artifacts/ (git-ignored).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { Subject, concatMap, map, share, switchMap, take, tap, timer, type Observable } from 'rxjs';
import { minibatches, syntheticLinear } from '@gradstream/data';
import type { EngineName, ExplainEvent, StepEvent, TrainEvent } from '@gradstream/events';
import { train, trainLinearRegression } from '@gradstream/trainer';
import { formatNumber } from '../dashboard/src/format.js';
import type { DashboardHook } from '../dashboard/src/hook-types.js';
import { serveMonitor, type MonitorServer } from '../src/index.js';

const artifacts = new URL('../artifacts/', import.meta.url);
mkdirSync(artifacts, { recursive: true });

if (!existsSync('/usr/bin/chromium')) {
  throw new Error('the dashboard browser tests need Debian\'s chromium at /usr/bin/chromium: run `apt-get install -y chromium` (.ci/run does it).');
}
const browser: Browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
});
test.after(() => browser.close());

/** `window` as the page sees it (this file is type-checked without the DOM lib). */
type Window = { __gradstream?: DashboardHook };

interface Lesson {
  server: MonitorServer;
  events: TrainEvent[];
  /** Starts the training (the page connects first, so it watches the run live). */
  start(): void;
}

/** The d2l lesson (1000 rows, batch 10, 3 epochs), paced one step per timer turn, served by a real monitor. */
async function lesson({ engine, lr = 0.03, explainEvery = 7, historySize }: { engine: EngineName; lr?: number; explainEvery?: number; historySize?: number }): Promise<Lesson> {
  const seed = 7;
  const ds = syntheticLinear({ n: 1000, w: [2, -3.4], b: 4.2, noise: 0.01, seed });
  const events: TrainEvent[] = [];
  const go = new Subject<void>();
  const run$: Observable<TrainEvent> = go.pipe(
    take(1),
    switchMap(() => minibatches(ds, { batchSize: 10, epochs: 3, shuffle: true, seed })),
    concatMap((batch) => timer(1).pipe(map(() => batch))),
    train({ lr, dataset: ds, engine, explain: { every: explainEvery }, source: 'synthetic' }),
    tap((e) => events.push(e)),
    share(),
  );
  // A high-water mark no test socket reaches: every step frame is delivered, none conflated.
  const server = await serveMonitor(run$, { port: 0, host: '127.0.0.1', highWaterMark: 1 << 30, ...(historySize ? { historySize } : {}) });
  return { server, events, start: () => go.next() };
}

interface Opened {
  page: Page;
  requests: string[];
  problems: string[];
}

/** Opens the page; `watchSockets` records WebSocket URLs too (playwright then reports every frame over CDP, which slows a long burst). */
async function open(url: string, { watchSockets = true } = {}): Promise<Opened> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  if (watchSockets) page.on('websocket', (ws) => requests.push(ws.url()));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  await page.goto(url);
  return { page, requests, problems };
}

const hook = (page: Page) => page.evaluate(() => JSON.parse(JSON.stringify((globalThis as Window).__gradstream)) as DashboardHook);
const drawnState = (page: Page, state: string) => page.waitForSelector(`[data-testid="run-status"][data-state="${state}"]`, { timeout: 30_000 });
const value = async (page: Page, testid: string) => {
  const e = page.locator(`[data-testid="${testid}"]`);
  return { text: await e.textContent(), value: Number(await e.getAttribute('data-value')) };
};

function onlyLocal(requests: string[], port: number): void {
  assert.ok(requests.length >= 5, `requests seen: ${requests.length}`);
  for (const r of requests) {
    const u = new URL(r);
    assert.is(u.hostname, '127.0.0.1', `request outside 127.0.0.1: ${r}`);
    assert.is(Number(u.port), port, r);
  }
}

async function assertShowsParameters(page: Page, last: { w?: number[]; b?: number }): Promise<void> {
  for (const [id, want] of [['w-0', last.w![0]], ['w-1', last.w![1]], ['b', last.b!]] as const) {
    const shown = await value(page, id);
    assert.is(shown.value, want, id);
    assert.is(shown.text, formatNumber(want), id);
  }
}

/** The explanation panel shows this step's numbers, and its update column is consistent: before − lr·grad/size = after. */
async function assertShowsExplanation(page: Page, s: ExplainEvent): Promise<void> {
  const e = s.explain;
  assert.is((await value(page, 'explain-size')).value, e.size);
  assert.is((await value(page, 'explain-lr')).value, e.lr);
  assert.is((await value(page, 'explain-loss-sum')).value, e.lossSum);
  for (let i = 0; i < e.size; i++) {
    assert.is((await value(page, `explain-yhat-${i}`)).value, e.yHat[i]);
    assert.is((await value(page, `explain-residual-${i}`)).value, e.residual![i]);
    assert.is((await value(page, `explain-persample-${i}`)).value, e.perSample[i]);
  }
  const ids = ['w-0', 'w-1', 'b'];
  const grads = [...e.grad!.w, e.grad!.b];
  for (const [j, id] of ids.entries()) {
    const grad = await value(page, `explain-grad-${id}`);
    assert.is(grad.value, grads[j], id);
    assert.is(grad.text, formatNumber(grads[j]));
    const before = (await value(page, `explain-before-${id}`)).value;
    const delta = (await value(page, `explain-delta-${id}`)).value;
    const after = (await value(page, `explain-after-${id}`)).value;
    assert.ok(Math.abs(before + delta - after) <= 1e-12 * Math.max(1, Math.abs(after)), `${id}: ${before} + ${delta} ≠ ${after}`);
  }
  // The panel's gradient is Xᵀ(ŷ − y) and Σ(ŷ − y), recomputed here from the rows it shows.
  const gw0 = e.X.reduce((acc, x, i) => acc + x[0] * e.residual![i], 0);
  const gb = e.residual!.reduce((a, r) => a + r, 0);
  assert.ok(Math.abs(gw0 - (await value(page, 'explain-grad-w-0')).value) < 1e-9);
  assert.ok(Math.abs(gb - (await value(page, 'explain-grad-b')).value) < 1e-9);
}

const steps = (events: TrainEvent[]) => events.filter((e): e is StepEvent => e.type === 'step');

test('a page open while the lesson trains (autograd engine) draws every step, the final parameters, the explanation and the graph', async () => {
  const { server, events, start } = await lesson({ engine: 'autograd' });
  const { page, requests, problems } = await open(server.url);
  try {
    await page.waitForFunction(() => (globalThis as Window).__gradstream?.connection === 'open');
    start();
    await page.waitForFunction(() => ((globalThis as Window).__gradstream?.stepsSeen ?? 0) > 0);
    const midway = await hook(page);
    await drawnState(page, 'done');
    const h = await hook(page);
    const all = steps(events);
    const last = all[all.length - 1];
    assert.is(all.length, 300);
    assert.ok(midway.stepsSeen < 300, 'the page saw the run while it was training');
    assert.is(h.stepsSeen, 300);
    assert.is(h.lossPoints, h.stepsSeen);
    assert.equal(h.lossRange, [1, 300]);
    assert.is(h.epochs, 3);
    assert.equal(h.latest!.w, last.w);
    assert.is(h.latest!.b, last.b);
    await assertShowsParameters(page, last);
    assert.is((await value(page, 'step')).value, 300);
    const explained = events.filter((e): e is ExplainEvent => e.type === 'explain').pop()!;
    assert.is(explained.globalStep, 294);
    assert.is(h.explainStep, 294);
    assert.is((await value(page, 'explain-step')).value, 294);
    await assertShowsExplanation(page, explained);
    const graph = explained.explain.graph!;
    assert.ok(graph.nodes.length >= 5, `graph nodes: ${graph.nodes.length}`);
    assert.is(h.graphNodes, graph.nodes.length);
    for (const n of graph.nodes) assert.is(await page.locator(`[data-testid="graph-node-${n.id}"]`).count(), 1, n.id);
    for (const e of events.filter((x) => x.type === 'epoch')) assert.is((await value(page, `epoch-loss-${e.epoch}`)).value, e.loss);
    assert.ok(h.draws < h.framesSeen, `draws ${h.draws} coalesce frames ${h.framesSeen}`);
    await page.screenshot({ path: new URL('dashboard-live.png', artifacts).pathname, fullPage: true });

    // Hover read-out: the legend shows the step under the cursor and that step's loss.
    assert.equal(h.lossView, [1, 300]);
    const over = (await page.locator('[data-testid="loss-chart"] .u-over').boundingBox())!;
    await page.mouse.move(over.x + over.width * 0.5, over.y + over.height * 0.5);
    const legend = await page.locator('[data-testid="loss-chart"] .u-legend .u-value').allTextContents();
    const hovered = Number(legend[0]);
    assert.ok(hovered > 100 && hovered < 200, `hovered step ${legend[0]}`);
    assert.is(legend[1], formatNumber(all[hovered - 1].loss, 5));
    // Drag to zoom into a quarter of the steps; a double-click shows everything again.
    await page.mouse.move(over.x + over.width * 0.25, over.y + over.height * 0.5);
    await page.mouse.down();
    await page.mouse.move(over.x + over.width * 0.5, over.y + over.height * 0.5, { steps: 5 });
    await page.mouse.up();
    const [from, to] = (await hook(page)).lossView!;
    assert.ok(from > 50 && to < 170 && to - from > 40, `zoomed to ${from}..${to}`);
    await page.mouse.dblclick(over.x + over.width * 0.5, over.y + over.height * 0.5);
    assert.equal((await hook(page)).lossView, [1, 300]);

    onlyLocal(requests, server.port);
    assert.equal(problems, []);
  } finally {
    await page.close();
    await server.close();
  }
});

test('a page that asks for at most 20 steps a second draws the steps it got and still ends on the final parameters', async () => {
  const { server, events, start } = await lesson({ engine: 'fused', explainEvery: 0 });
  const { page, problems } = await open(`${server.url}?maxHz=20`);
  try {
    // The run event comes with the first batch (it carries the stream's plan): wait for the socket, then start.
    await page.waitForFunction(() => (globalThis as Window).__gradstream?.connection === 'open');
    start();
    await drawnState(page, 'done');
    const h = await hook(page);
    const all = steps(events);
    assert.ok(h.stepsSeen > 0 && h.stepsSeen < 300, `steps seen ${h.stepsSeen}`);
    assert.is(h.lossPoints, h.stepsSeen);
    const throttled = server.stats().subscribers.reduce((n, s) => n + s.throttled, 0);
    assert.is(throttled, 300 - h.stepsSeen, 'the server skipped exactly the steps the page did not see');
    await assertShowsParameters(page, all[all.length - 1]);
    assert.is((await value(page, 'step')).value, 300);
    assert.equal(problems, []);
  } finally {
    await page.close();
    await server.close();
  }
});

test('a page opened after the run (trainLinearRegression, the lesson as one call) shows the full history from hello', async () => {
  const events: TrainEvent[] = [];
  // serveMonitor subscribes at once and the lesson trains synchronously: the run is over before the page opens.
  const server = await serveMonitor(trainLinearRegression({ engine: 'autograd', explain: { every: 7 } }).pipe(tap((e) => events.push(e))), { port: 0 });
  assert.is(events[events.length - 1].type, 'done');
  const { page, requests, problems } = await open(server.url);
  try {
    await drawnState(page, 'done');
    const h = await hook(page);
    const all = steps(events);
    const last = all[all.length - 1];
    assert.is(h.stepsSeen, 300);
    assert.is(h.lossPoints, 300);
    assert.equal(h.lossRange, [1, 300]);
    assert.is(h.epochs, 3);
    await assertShowsParameters(page, last);
    // hello carries the latest explanation (without its step number).
    const explained = events.filter((e): e is ExplainEvent => e.type === 'explain').pop()!;
    await assertShowsExplanation(page, explained);
    assert.is(h.graphNodes, explained.explain.graph!.nodes.length);
    onlyLocal(requests, server.port);
    assert.equal(problems, []);
  } finally {
    await page.close();
    await server.close();
  }
});

test('a late joiner of a downsampled history still sees steps 1 to the end, in bounded points', async () => {
  const { server, events, start } = await lesson({ engine: 'fused', explainEvery: 0, historySize: 64 });
  start();
  await new Promise<void>((resolve) => {
    const check = () => (events.some((e) => e.type === 'done') ? resolve() : setTimeout(check, 20));
    check();
  });
  const { page, problems } = await open(server.url);
  try {
    await drawnState(page, 'done');
    const h = await hook(page);
    assert.ok(h.lossPoints <= 64 && h.lossPoints >= 32, `points ${h.lossPoints}`);
    assert.is(h.stepsSeen, 300);
    assert.equal(h.lossRange, [1, 300]);
    // The run explains its first step and each epoch's first by default: the graph of the last one is drawn.
    assert.is(h.graphNodes, events.filter((e): e is ExplainEvent => e.type === 'explain').pop()!.explain.graph!.nodes.length);
    assert.match((await page.locator('[data-testid="graph"]').textContent()) ?? '', 'sum · l');
    assert.equal(problems, []);
  } finally {
    await page.close();
    await server.close();
  }
});

test('a long fast run (30 000 steps in one burst) stays bounded on screen and redraws far less often than frames arrive', async () => {
  const seed = 3;
  const ds = syntheticLinear({ n: 100_000, w: [2, -3.4], b: 4.2, noise: 0.01, seed });
  const go = new Subject<void>();
  const events: TrainEvent[] = [];
  const run$ = go.pipe(
    take(1),
    switchMap(() => minibatches(ds, { batchSize: 10, epochs: 3, shuffle: true, seed })),
    train({ lr: 0.03, dataset: ds }),
    tap((e) => events.push(e)),
    share(),
  );
  // The server's defaults: a page that cannot keep up gets conflated steps (the newest one wins).
  const server = await serveMonitor(run$, { port: 0 });
  const { page, problems } = await open(server.url, { watchSockets: false });
  try {
    await page.waitForFunction(() => (globalThis as Window).__gradstream?.connection === 'open');
    const started = performance.now();
    go.next();
    await drawnState(page, 'done');
    const ms = performance.now() - started;
    const h = await hook(page);
    const all = steps(events);
    assert.is(all.length, 30_000);
    assert.equal(h.lossRange, [1, 30_000]);
    assert.ok(h.stepsSeen <= 30_000 && h.stepsSeen > 1000, `steps seen ${h.stepsSeen}`);
    assert.ok(h.lossPoints <= 4000, `loss points ${h.lossPoints}`);
    if (h.stepsSeen <= 4000) assert.is(h.lossPoints, h.stepsSeen);
    else assert.ok(h.lossPoints >= 2000, `loss points ${h.lossPoints}`);
    assert.ok(h.draws * 20 < h.framesSeen, `draws ${h.draws}, frames ${h.framesSeen}`);
    await assertShowsParameters(page, all[all.length - 1]);
    const conflated = server.stats().subscribers.reduce((n, s) => n + s.conflated, 0);
    // A figure, not an assertion (timing depends on the machine): where the page's main thread went.
    console.log(
      `  dashboard: ${h.framesSeen} frames (${conflated} steps conflated by the server) in ${ms.toFixed(0)} ms end to end; page main thread: ` +
        `applying ${h.busyMs.apply.toFixed(0)} ms (${((h.busyMs.apply / h.framesSeen) * 1000).toFixed(1)} µs/frame), ` +
        `drawing ${h.busyMs.draw.toFixed(0)} ms in ${h.draws} redraws (${(h.busyMs.draw / h.draws).toFixed(1)} ms each, ${h.lossPoints} loss points)`,
    );
    assert.equal(problems, []);
  } finally {
    await page.close();
    await server.close();
  }
});

test('a run that diverges ends with a clear failure message on the page', async () => {
  const { server, events, start } = await lesson({ engine: 'fused', lr: 50, explainEvery: 0 });
  const { page, problems } = await open(server.url);
  try {
    await page.waitForFunction(() => (globalThis as Window).__gradstream?.connection === 'open');
    start();
    await drawnState(page, 'failed');
    const error = events[events.length - 1];
    assert.is(error.type, 'error');
    if (error.type !== 'error') return;
    const text = (await page.locator('[data-testid="run-status"]').textContent()) ?? '';
    assert.ok(text.startsWith(`Run failed at step ${error.globalStep}`), text);
    assert.ok(text.includes(error.message), text);
    assert.ok(text.includes(error.hint!), text);
    await page.screenshot({ path: new URL('dashboard-failed.png', artifacts).pathname });
    assert.equal(problems, []);
  } finally {
    await page.close();
    await server.close();
  }
});

test.run();
