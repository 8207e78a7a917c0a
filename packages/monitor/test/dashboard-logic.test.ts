// The dashboard's DOM-free logic: smoothing, bounded histories, the redraw throttle, the graph
// layout, the scatter's prediction line and the store that folds server frames into page state.
// Each is checked against a hand computation or a brute-force reference.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { StepEvent, TrainEvent } from '@gradstream/events';
import { formatCount, formatDuration, formatNumber, formatTick } from '../dashboard/src/format.js';
import { layoutGraph } from '../dashboard/src/graph-layout.js';
import { bandData, extentIn, isolated, stepRangeIn, withMarkers } from '../dashboard/src/band-data.js';
import { featureScatter, predictionLine } from '../dashboard/src/scatter-data.js';
import { debiasedEma } from '../dashboard/src/smoothing.js';
import { plannedSteps, runEnd, StepView } from '../dashboard/src/step-view.js';
import { distance, RunStore } from '../dashboard/src/store.js';
import { BucketHistory } from '../src/bucket-history.js';
import { createThrottle } from '../dashboard/src/throttle.js';
import { decadeSplits } from '../dashboard/src/ticks.js';
import type { HelloFrame, ServerFrame } from '../src/protocol.js';
import { RunState } from '../src/run-state.js';
import { linregRun } from './helpers/linreg-run.js';

const close = (a: number, b: number, tol = 1e-12) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

test('debiased EMA matches a hand computation (weight 0.5 on 1, 2, 3)', () => {
  // last: 0.5, 1.25, 2.125; debias by 1 − 0.5^k: 0.5, 0.75, 0.875.
  const s = debiasedEma([1, 2, 3], 0.5) as number[];
  assert.ok(close(s[0], 1));
  assert.ok(close(s[1], 1.25 / 0.75));
  assert.ok(close(s[2], 2.125 / 0.875));
});

test('debiased EMA per step: points one step apart smooth as before; a point Δ steps on decays the average by weight^Δ', () => {
  assert.equal(debiasedEma([1, 2, 3], 0.5, [4, 5, 6]), debiasedEma([1, 2, 3], 0.5));
  // [1, 2] two steps apart: last = 0.5·1 = 0.5, then 0.5·0.25 + 0.75·2 = 1.625; gathered 0.5, then 0.5·0.25 + 0.75 = 0.875.
  const [a, b] = debiasedEma([1, 2], 0.5, [1, 3]) as number[];
  assert.ok(close(a, 1) && close(b, 1.625 / 0.875));
  // A bucket 10,000 steps after a huge loss no longer remembers it.
  assert.ok(close(debiasedEma([1e6, 1e-4], 0.99, [1, 10_001])[1] as number, 1e-4, 1e-6));
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

test('band data: one point per one-step bucket, first and last of a wider one, a null row only between non-neighbouring cells', () => {
  const h = new BucketHistory({ capacity: 64, columns: 1 });
  for (const s of [1, 2, 3, 7, 8]) h.add(s, [10 / s]);
  const d = bandData(h, [0]);
  // Steps 4–6 nobody saw: a null row at 4 breaks the line and the band; 1→2→3 and 7→8 stay joined.
  assert.equal(d.x, [1, 2, 3, 4, 7, 8]);
  assert.equal(d.bands[0].line, [10, 5, 10 / 3, null, 10 / 7, 10 / 8]);
  assert.equal(d.bands[0].min[3], null);
  assert.equal(d.gaps, [[3, 7]]);
  assert.is(d.buckets, 5);
  // 200 steps into 8 buckets of 32: two points each (first, last), the band the bucket's min and max, no gaps.
  const wide = new BucketHistory({ capacity: 8, columns: 1 });
  for (let s = 1; s <= 200; s++) wide.add(s, [s === 50 ? 1e3 : 100 / s]);
  const w = bandData(wide, [0], (v) => v > 0);
  assert.equal(w.x.slice(0, 4), [1, 32, 33, 64]);
  assert.equal(w.bands[0].line.slice(0, 2), [100, 100 / 32]);
  assert.equal(w.bands[0].max.slice(2, 4), [1e3, 1e3], "the spike at step 50 is the band's top over steps 33–64");
  assert.equal(w.gaps, []);
  assert.not.ok(w.bands[0].line.includes(null));
});

test('band data: a value the chart cannot draw is undefined (skipped), not a gap; markers join at their own step', () => {
  const h = new BucketHistory({ capacity: 8, columns: 1 });
  [0.5, 0, 0.25].forEach((v, i) => h.add(i + 1, [v]));
  const d = bandData(h, [0], (v) => v > 0);
  assert.equal(d.bands[0].line, [0.5, undefined, 0.25]);
  assert.equal(withMarkers([[1, 3], [0.5, 0.1]], [{ x: 2, y: 0.2 }, { x: 3, y: 0.05 }]), [[1, 2, 3], [0.5, undefined, 0.1], [undefined, 0.2, 0.05]]);
  assert.equal(extentIn([1, 2, 3], [[5, null, 2], [undefined, 1, 9]], 2, 3), [1, 9]);
  assert.equal(stepRangeIn([1, 2, 3, 4], [[undefined, 1, null, 2]], 0, 3), [2, 2]);
  assert.equal(isolated([1, null, 2, undefined, 3, null, 4, undefined]), [0, 6]);
});

test('step view: the whole run by default (to the planned last step), zoom and pan, follow the latest, reset', () => {
  const v = new StepView();
  const changes: string[] = [];
  v.onChange(() => changes.push(v.mode));
  const extent = { start: 1, latest: 120, end: 300 };
  assert.equal(v.range(extent), [1, 300]);
  v.pan(0.5);
  assert.equal(v.range(extent), [1, 300], 'the whole run does not pan');
  v.zoomTo(40, 80);
  v.pan(0.5);
  assert.equal(v.range(extent), [60, 100]);
  v.follow(true);
  assert.equal(v.range({ ...extent, latest: 250 }), [210, 250], "following keeps the zoom's width");
  v.follow(false);
  assert.equal(v.range(extent), [1, 300]);
  v.follow(true);
  assert.equal(v.range({ start: 1, latest: 2000, end: 3000 }), [1700, 2000], 'a tenth of the run when nothing was zoomed');
  v.reset();
  assert.equal(changes, ['zoom', 'zoom', 'follow', 'whole', 'follow', 'whole']);
  const config = { d: 2, n: 1005, batchSize: 10, lr: 0.03, epochs: 3, optimizer: { name: 'sgd' as const }, engine: 'fused' as const };
  const r = (c: object) => ({ ...run, config: { ...config, ...c } }) as never;
  assert.equal([plannedSteps(r({})), plannedSteps(r({ dropLast: true })), plannedSteps(r({ n: undefined }))], [303, 300, null]);
  const done = { type: 'done' as const, epochs: 1, steps: 150, elapsedMs: 1, w: [], b: 0 };
  assert.equal([runEnd(r({}), null, 120), runEnd(r({ n: undefined }), null, 120), runEnd(r({}), done, 150)], [303, 120, 150]);
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
  // Durations: ms under a second, seconds above (an epoch's elapsed time read 1.495e4 ms).
  assert.equal([4.2, 954.4, 4954, 14950, undefined].map((ms) => formatDuration(ms)), ['4.20 ms', '954 ms', '4.954 s', '14.95 s', '–']);
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
const toSteps = (h: BucketHistory) => Array.from({ length: h.length }, (_, i) => h.toStep(i));

test('store: a live run counts every step, keeps the latest parameters and the distance to the optimum', () => {
  const store = new RunStore();
  store.apply(hello());
  for (const f of frames([run, step(1), step(2), step(3)])) store.apply(f);
  assert.is(store.stepsSeen, 3);
  assert.is(store.loss.length, 3);
  assert.equal(store.latest?.w, [0.03, -0.03]);
  assert.is(store.lastSeq, 4);
  // Step 0 holds the run's initial parameters, then one bucket per step.
  assert.equal(toSteps(store.params), [0, 1, 2, 3]);
  assert.equal(store.params.bucket(3).last, [0.03, -0.03, 0.06]);
  assert.ok(close(distance([0.03, -0.03], 0.06, { w: [2.0001, -3.4002], b: 4.1999 }), Math.hypot(0.03 - 2.0001, -0.03 + 3.4002, 0.06 - 4.1999)));
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
  // A hello without paramHistory (an older server): the initial and the latest parameters, a gap between.
  assert.equal(toSteps(store.params), [0, 4]);
  assert.ok(store.params.gapBefore(1));
  store.apply({ ...step(5), seq: 6 } as ServerFrame);
  assert.is(store.stepsSeen, 5);
  // The loss continues on the hello's grid (2 steps a cell): step 5 opens the cell 5–6.
  assert.equal(toSteps(store.loss), [2, 4, 5]);
  assert.is(store.loss.width, 2);
  // Resuming the same run keeps what we have; a new run resets everything.
  assert.ok(store.apply(hello({ seq: 6, run: run as HelloFrame['run'], resumedFrom: 6 })));
  assert.is(store.stepsSeen, 5);
  store.apply({ ...run, startedAt: 2, seq: 1 } as ServerFrame);
  assert.is(store.stepsSeen, 0);
  assert.is(store.latest, null);
  assert.is(store.lastSeq, 1);
});

test('store: a resumed hello of another run id resets the page, even when it carries resumedFrom (issue 12 #6)', () => {
  const store = new RunStore();
  store.apply(hello({ seq: 0, runId: 'run-a' }));
  for (const f of frames([run, step(1), step(2)])) store.apply(f);
  assert.match(store.runId ?? '', /^h[0-9a-f]{16}$/, 'the run event names the run');
  store.apply(hello({ seq: 1, run: run as HelloFrame['run'], runId: 'run-b', resumedFrom: 3 }));
  assert.is(store.runId, 'run-b');
  assert.is(store.stepsSeen, 0, 'run B starts afresh, not spliced onto run A');
  assert.is(store.lastSeq, 1);
});

test('store: a late joiner seeds loss and parameters from a real hello and continues them exactly as the server does', () => {
  const events = linregRun({ n: 2000, epochs: 3 }); // 600 steps
  const server = new RunState({ historySize: 32, logSize: 10 });
  const cut = 400;
  events.slice(0, cut).forEach((e) => server.record(e));
  const store = new RunStore({ lossCapacity: 32, paramCapacity: 32 });
  store.apply(JSON.parse(JSON.stringify(server.hello())) as HelloFrame);
  assert.equal(store.params.bucket(0).last, [...(events[0] as { w: number[] }).w, 0], 'step 0: the initial parameters');
  events.slice(cut).forEach((e, i) => {
    server.record(e);
    store.apply({ ...e, seq: cut + 1 + i } as ServerFrame);
  });
  const hello = server.hello();
  const page = (h: BucketHistory) => Array.from({ length: h.length }, (_, i) => h.bucket(i));
  assert.equal(page(store.params), hello.paramHistory!.buckets, 'the page holds the very parameter buckets the server has');
  assert.equal(page(store.loss).map((b) => ({ fromStep: b.fromStep, toStep: b.toStep, min: b.min[0], max: b.max[0], last: b.last[0], first: b.first[0] })), hello.history);
  assert.is(store.epochCount, 3);
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
  assert.equal(toSteps(store.params), [0, 1, 3, 5, 6]);
  // Steps 2 and 4 nobody saw: gaps, drawn as such.
  assert.equal(bandData(store.params, [0]).gaps, [[1, 3], [3, 5]]);
});

test('store: a protocol error (no seq) is recorded apart from the run', () => {
  const store = new RunStore();
  store.apply({ type: 'error', message: 'invalid frame.' });
  assert.is(store.protocolError, 'invalid frame.');
  assert.is(store.error, null);
});

test.run();
