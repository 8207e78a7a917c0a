// The dashboard's DOM-free logic: smoothing, bounded histories, the redraw throttle, the graph
// layout, the scatter's prediction line and the store that folds server frames into page state.
// Each is checked against a hand computation or a brute-force reference.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { StepEvent, TrainEvent } from '@gradstream/events';
import { formatCount, formatNumber, formatTick } from '../dashboard/src/format.js';
import { layoutGraph } from '../dashboard/src/graph-layout.js';
import { halve, LossHistory, type Bucket } from '../dashboard/src/loss-history.js';
import { featureScatter, predictionLine } from '../dashboard/src/scatter-data.js';
import { BoundedSeries } from '../dashboard/src/series.js';
import { debiasedEma } from '../dashboard/src/smoothing.js';
import { distance, RunStore } from '../dashboard/src/store.js';
import { createThrottle } from '../dashboard/src/throttle.js';
import { decadeSplits } from '../dashboard/src/ticks.js';
import type { HelloFrame, ServerFrame } from '../src/protocol.js';

const close = (a: number, b: number, tol = 1e-12) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

test('debiased EMA matches a hand computation (weight 0.5 on 1, 2, 3)', () => {
  // last: 0.5, 1.25, 2.125; debias by 1 − 0.5^k: 0.5, 0.75, 0.875.
  const s = debiasedEma([1, 2, 3], 0.5) as number[];
  assert.ok(close(s[0], 1));
  assert.ok(close(s[1], 1.25 / 0.75));
  assert.ok(close(s[2], 2.125 / 0.875));
});

test('debiased EMA: weight 0 is the raw series; the first point is never biased towards 0', () => {
  const raw = [5, 0.3, 2, 9];
  assert.equal(debiasedEma(raw, 0), raw);
  for (const w of [0.3, 0.9, 0.99]) assert.ok(close(debiasedEma(raw, w)[0] as number, 5));
});

test('debiased EMA: gaps and non-finite values pass through without moving the average; a constant stays exact', () => {
  const s = debiasedEma([4, null, NaN, 2], 0.5);
  assert.is(s[1], null);
  assert.ok(Number.isNaN(s[2]));
  // Same as smoothing [4, 2] alone.
  assert.ok(close(s[3] as number, (0.5 * 0.5 * 4 + 0.5 * 2) / 0.75));
  assert.equal(debiasedEma([0.1, 0.1, 0.1], 0.6), [0.1, 0.1, 0.1]);
  assert.throws(() => debiasedEma([1], 1), (e: Error) => e.message === 'invalid argument. weight must be a number in [0, 1). Value: `1`.');
});

test('loss history stays bounded, covers every step once, and keeps the true min, max and last per bucket', () => {
  const losses = Array.from({ length: 10_001 }, (_, i) => Math.exp(-i / 2000) * (1 + 0.5 * Math.sin(i * 1.7)));
  const h = new LossHistory(64);
  losses.forEach((l, i) => h.push(i + 1, l));
  const b = h.buckets;
  assert.ok(b.length <= 64 && b.length >= 32, `buckets ${b.length}`);
  assert.is(b[0].fromStep, 1);
  assert.is(b[b.length - 1].toStep, 10_001);
  for (let k = 0; k < b.length; k++) {
    if (k > 0) assert.is(b[k].fromStep, b[k - 1].toStep + 1);
    const slice = losses.slice(b[k].fromStep - 1, b[k].toStep);
    assert.is(b[k].min, Math.min(...slice));
    assert.is(b[k].max, Math.max(...slice));
    assert.is(b[k].last, slice[slice.length - 1]);
  }
});

test('loss history keeps one bucket per step until it is full, ignores resent steps, and halves a long hello', () => {
  const h = new LossHistory(8);
  for (let s = 1; s <= 8; s++) h.push(s, s);
  h.push(8, 99);
  assert.is(h.buckets.length, 8);
  assert.is(h.buckets[7].last, 8);
  const many: Bucket[] = Array.from({ length: 20 }, (_, i) => ({ fromStep: i + 1, toStep: i + 1, min: i, max: i, last: i }));
  h.reset(many);
  assert.is(h.buckets.length, 5);
  assert.equal(h.buckets[4], { fromStep: 17, toStep: 20, min: 16, max: 19, last: 19 });
  assert.equal(halve(many.slice(0, 3)).map((x) => [x.fromStep, x.toStep]), [[1, 2], [3, 3]]);
  assert.throws(() => new LossHistory(3), (e: Error) => e.message === 'invalid argument. capacity must be an even integer ≥ 2. Value: `3`.');
});

test('bounded series thins to its capacity and always keeps the newest row', () => {
  const s = new BoundedSeries(2, 10);
  for (let x = 1; x <= 1000; x++) {
    s.push(x, [x, -x]);
    assert.ok(s.x.length <= 10);
    assert.is(s.x[s.x.length - 1], x);
  }
  assert.equal(s.columns[1], s.x.map((x) => -x));
  assert.ok(s.x.every((x, i) => i === 0 || x > s.x[i - 1]));
});

test('throttle: many requests make one draw, and draws are at least minIntervalMs apart', () => {
  let t = 0;
  const queue: (() => void)[] = [];
  let drawn = 0;
  const throttle = createThrottle(() => drawn++, { minIntervalMs: 100, now: () => t, schedule: (f) => queue.push(f) });
  const frame = (ms: number) => {
    t += ms;
    const due = queue.splice(0);
    for (const f of due) f();
  };
  for (let i = 0; i < 1000; i++) throttle.request();
  assert.is(queue.length, 1, 'one callback scheduled for 1000 requests');
  frame(16);
  assert.is(drawn, 1);
  throttle.request();
  for (let i = 0; i < 5; i++) frame(16); // 80 ms later: too early
  assert.is(drawn, 1);
  frame(16); // 96 ms
  frame(16); // 112 ms
  assert.is(drawn, 2);
  frame(16);
  assert.is(queue.length, 0, 'nothing scheduled when nothing changed');
  // A simulated hour at 1 kHz with a 16 ms frame clock: at most 10 draws per second.
  for (let ms = 0; ms < 60_000; ms++) {
    throttle.request();
    if (ms % 16 === 0) frame(16);
  }
  assert.ok(throttle.draws <= 1 + (60_000 * 16) / 16 / 100 + 2, `draws ${throttle.draws}`);
  throttle.request();
  throttle.flush();
  assert.is(drawn, throttle.draws);
});

test('graph layout: every edge goes forwards, inputs sit just before their first consumer, no two nodes overlap', () => {
  // The lesson's graph: X, w → matmul → add(b) → sub(y) → pow(2) → sum.
  const ids = ['X', 'w', 'b', 'y', 'two', 'mm', 'add', 'sub', 'sq', 'sum'];
  const nodes = ids.map((id) => ({ id }));
  const edges = [['X', 'mm'], ['w', 'mm'], ['mm', 'add'], ['b', 'add'], ['add', 'sub'], ['y', 'sub'], ['sub', 'sq'], ['two', 'sq'], ['sq', 'sum']].map(([from, to]) => ({ from, to }));
  for (const direction of ['right', 'down'] as const) {
    const l = layoutGraph({ nodes, edges }, { nodeWidth: 100, nodeHeight: 40, gapX: 10, gapY: 20, direction });
    const at = new Map(l.nodes.map((n) => [n.id, n]));
    assert.equal(ids.map((id) => at.get(id)!.layer), [0, 0, 1, 2, 3, 1, 2, 3, 4, 5]);
    assert.is(l.layers, 6);
    const pos = (id: string) => (direction === 'right' ? at.get(id)!.x : at.get(id)!.y);
    for (const e of edges) assert.ok(pos(e.from) < pos(e.to), `${e.from} → ${e.to}`);
    // Boxes are 100×40 with gaps of 10 (across) / 20 (along): no two overlap.
    for (const a of l.nodes) {
      for (const b of l.nodes) if (a !== b) assert.ok(Math.abs(a.x - b.x) >= 100 || Math.abs(a.y - b.y) >= 40, `${a.id} overlaps ${b.id}`);
      assert.ok(a.x >= 50 && a.x <= l.width - 50 && a.y >= 20 && a.y <= l.height - 20);
    }
    // Inside a layer the op comes first, the input it meets second.
    assert.ok(at.get('mm')!.row < at.get('b')!.row);
  }
  const down = layoutGraph({ nodes, edges }, { nodeWidth: 100, nodeHeight: 40, gapX: 10, gapY: 20, direction: 'down' });
  assert.is(down.height, 6 * 40 + 5 * 20);
  assert.is(down.width, 2 * 100 + 10);
  assert.throws(() => layoutGraph({ nodes: [{ id: 'a' }, { id: 'b' }], edges: [{ from: 'a', to: 'b' }, { from: 'b', to: 'a' }] }), (e: Error) =>
    e.message.startsWith('invalid argument. graph must be acyclic.'),
  );
});

test('log axis ticks: one per decade, thinned over long ranges, 1-2-5 inside a single decade', () => {
  assert.equal(decadeSplits(3e-5, 2), [1e-4, 1e-3, 0.01, 0.1, 1]);
  const long = decadeSplits(1e-12, 10);
  assert.ok(long.length <= 6 && long[long.length - 1] === 10, String(long));
  assert.equal(decadeSplits(0.03, 0.09), [0.05]);
  assert.equal(decadeSplits(0.015, 0.09), [0.02, 0.05]);
  assert.equal(decadeSplits(0, 1), []);
});

test('scatter: rows sorted by the feature, bounded, and the prediction line is ŷ with the other features at their mean', () => {
  const X = Array.from({ length: 1000 }, (_, i) => [Math.sin(i), Math.cos(i * 0.7)]);
  const y = X.map(([a, c]) => 2 * a - 3.4 * c + 4.2);
  const s = featureScatter({ X, y }, 0, 200);
  assert.is(s.x.length, 200);
  assert.ok(s.x.every((v, i) => i === 0 || v >= s.x[i - 1]));
  const line = predictionLine([0, 1], 0, [2, -3.4], 4.2, s.means);
  assert.ok(close(line[0], 4.2 - 3.4 * s.means[1]));
  assert.ok(close(line[1] - line[0], 2));
  const [a, b] = predictionLine([0, 1], 0, [2, -3.4], 4.2, [0, 1]);
  assert.ok(close(a, 0.8) && close(b, 2.8));
});

test('format: six significant digits, exponents for tiny values, a real minus sign', () => {
  assert.is(formatNumber(-3.399871234), '−3.39987');
  assert.is(formatNumber(4.5e-5), '4.50000e−5');
  assert.is(formatNumber(2), '2.00000');
  assert.is(formatNumber(null), '–');
  assert.is(formatNumber(NaN), 'NaN');
  assert.is(formatCount(300), '300');
  assert.equal([100, 2.5, 0.0001, -3, 1500000].map((t) => formatTick(t)), ['100', '2.5', '1e−4', '−3', '1.5e6']);
});

// --- the store -----------------------------------------------------------------------------------

const run: TrainEvent = {
  type: 'run',
  v: 1,
  config: { d: 2, n: 1000, batchSize: 10, lr: 0.03, epochs: 3, optimizer: { name: 'sgd' }, engine: 'fused', seed: 1 },
  startedAt: 1,
  w: [0, 0],
  b: 0,
  trueW: [2, -3.4],
  trueB: 4.2,
  optimum: { w: [2.0001, -3.4002], b: 4.1999, loss: 5e-5 },
};
const step = (g: number): StepEvent => ({ type: 'step', epoch: 1, step: g, globalStep: g, size: 10, loss: 1 / g, w: [g / 100, -g / 100], b: g / 50, gradNorm: 1 });
const hello = (over: Partial<HelloFrame> = {}): HelloFrame => ({
  type: 'hello', protocol: 1, schema: 1, seq: 0, run: null, latest: null, epochs: [], history: [], explain: null, done: null, error: null, ...over,
});
const frames = (events: TrainEvent[], from = 1): ServerFrame[] => events.map((e, i) => ({ ...e, seq: from + i }) as ServerFrame);

test('store: a live run counts every step, keeps the latest parameters and the distance to the optimum', () => {
  const store = new RunStore();
  store.apply(hello());
  for (const f of frames([run, step(1), step(2), step(3)])) store.apply(f);
  assert.is(store.stepsSeen, 3);
  assert.is(store.loss.buckets.length, 3);
  assert.equal(store.latest?.w, [0.03, -0.03]);
  assert.is(store.lastSeq, 4);
  const dist = store.params.columns[3];
  assert.ok(close(dist[dist.length - 1]!, Math.hypot(0.03 - 2.0001, -0.03 + 3.4002, 0.06 - 4.1999)));
  assert.ok(close(distance([0, 0], 0, { w: [3, 0], b: 4 }), 5));
  // A resent frame changes nothing; a diverged loss (null on the wire) is kept as NaN.
  assert.not.ok(store.apply({ ...step(3), seq: 4 } as ServerFrame));
  store.apply({ ...step(4), loss: null as unknown as number, seq: 5 } as ServerFrame);
  assert.ok(Number.isNaN(store.latest!.loss));
});

test('store: a late joiner starts from hello (history, epochs, latest) and then appends live steps', () => {
  const store = new RunStore();
  const history = [
    { fromStep: 1, toStep: 2, min: 0.5, max: 1, last: 0.5 },
    { fromStep: 3, toStep: 4, min: 0.25, max: 1 / 3, last: 0.25 },
  ];
  store.apply(hello({ seq: 5, run: run as HelloFrame['run'], history, latest: { epoch: 1, globalStep: 4, loss: 0.25, w: [0.04, -0.04], b: 0.08, gradNorm: 1 } }));
  assert.is(store.stepsSeen, 4);
  assert.equal(store.params.x, [0, 4]);
  store.apply({ ...step(5), seq: 6 } as ServerFrame);
  assert.is(store.stepsSeen, 5);
  assert.equal(store.loss.buckets.map((b) => b.toStep), [2, 4, 5]);
  // Resuming the same run keeps what we have; a new run resets everything.
  assert.ok(store.apply(hello({ seq: 6, run: run as HelloFrame['run'], resumedFrom: 6 })));
  assert.is(store.stepsSeen, 5);
  store.apply({ ...run, startedAt: 2, seq: 1 } as ServerFrame);
  assert.is(store.stepsSeen, 0);
  assert.is(store.latest, null);
  assert.is(store.lastSeq, 1);
});

test('store: when the server skipped the last steps (maxHz), the epoch and done events still bring the final parameters', () => {
  const store = new RunStore();
  store.apply(hello());
  const epoch: TrainEvent = { type: 'epoch', epoch: 1, loss: 0.1, w: [1.9, -3.3], b: 4.1, elapsedMs: 5, globalStep: 5 };
  const done: TrainEvent = { type: 'done', epochs: 1, steps: 6, elapsedMs: 6, w: [1.95, -3.35], b: 4.15 };
  for (const f of frames([run, step(1), step(3), epoch])) store.apply(f);
  assert.is(store.stepsSeen, 2);
  assert.equal([store.latest!.globalStep, store.latest!.w, store.latest!.b], [5, [1.9, -3.3], 4.1]);
  assert.is(store.latest!.loss, 1 / 3, 'the batch loss stays the last one received');
  store.apply({ ...done, seq: 5 } as ServerFrame);
  assert.equal([store.latest!.globalStep, store.latest!.w, store.latest!.b], [6, [1.95, -3.35], 4.15]);
  assert.equal(store.params.x, [0, 1, 3, 5, 6]);
});

test('store: a protocol error (no seq) is recorded apart from the run', () => {
  const store = new RunStore();
  store.apply({ type: 'error', message: 'invalid frame.' });
  assert.is(store.protocolError, 'invalid frame.');
  assert.is(store.error, null);
});

test.run();
