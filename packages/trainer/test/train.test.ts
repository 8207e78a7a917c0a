// train(): the events it emits, checked against independent computations.
import { from, map } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { minibatches, syntheticLinear } from '@gradstream/data';
import type { EpochEvent, RunEvent, StepEvent } from '@gradstream/events';
import { leastSquares, train, type BatchLike } from '../src/index.js';
import { OPTIMUM_AUTO_LIMIT } from '../src/config.js';
import { collect } from './helpers.js';

/** Normal equations by Gaussian elimination with partial pivoting on [X 1] — independent of src/optimum.ts. */
function solveByHand(X: Float64Array, y: Float64Array, n: number, d: number): number[] {
  const m = d + 1;
  const A = Array.from({ length: m }, () => new Array(m + 1).fill(0));
  for (let i = 0; i < n; i++) {
    const row = [...X.subarray(i * d, (i + 1) * d), 1];
    for (let a = 0; a < m; a++) {
      for (let c = 0; c < m; c++) A[a][c] += row[a] * row[c];
      A[a][m] += row[a] * y[i];
    }
  }
  for (let k = 0; k < m; k++) {
    let p = k;
    for (let i = k + 1; i < m; i++) if (Math.abs(A[i][k]) > Math.abs(A[p][k])) p = i;
    [A[k], A[p]] = [A[p], A[k]];
    for (let i = k + 1; i < m; i++) {
      const f = A[i][k] / A[k][k];
      for (let c = k; c <= m; c++) A[i][c] -= f * A[k][c];
    }
  }
  const x = new Array(m).fill(0);
  for (let i = m - 1; i >= 0; i--) {
    let s = A[i][m];
    for (let c = i + 1; c < m; c++) s -= A[i][c] * x[c];
    x[i] = s / A[i][i];
  }
  return x;
}

test('the lesson run: run first, then 100 steps and an epoch per epoch, then done; the run event carries what the dashboard needs', async () => {
  const ds = syntheticLinear({ n: 1000, seed: 3 });
  const events = await collect(minibatches(ds, { batchSize: 10, epochs: 3, seed: 3 }).pipe(train({ lr: 0.03, dataset: ds, source: 'synthetic' })));
  const types = events.map((e) => e.type).join(',');
  // By default the first step of each epoch is explained, in an explain event right after it.
  const epochPart = `step,explain,${'step,'.repeat(99)}epoch`;
  assert.is(types, `run,${epochPart},${epochPart},${epochPart},done`);
  const run = events[0] as RunEvent;
  assert.is(run.v, 1);
  // The plan comes from the stream (D5: never batchSize 0 or epochs 0).
  assert.equal(run.config, { d: 2, batchSize: 10, lr: 0.03, optimizer: { name: 'sgd' }, engine: 'fused', epochs: 3, seed: 3, shuffle: true, dropLast: false, n: 1000, source: 'synthetic' });
  assert.equal(run.trueW, [2, -3.4]);
  assert.is(run.trueB, 4.2);
  // ≤ 200 evenly spaced rows: every 5th of 1000.
  assert.is(run.sample!.X.length, 200);
  assert.equal(run.sample!.X[7], [ds.X[70], ds.X[71]]);
  assert.is(run.sample!.y[199], ds.y[995]);
  // The optimum against an independent solve.
  const hand = solveByHand(ds.X, ds.y, ds.n, ds.d);
  run.optimum!.w.forEach((v, j) => assert.ok(Math.abs(v - hand[j]) < 1e-10));
  assert.ok(Math.abs(run.optimum!.b - hand[2]) < 1e-10);
  // Step and epoch fields.
  const step = events.filter((e) => e.type === 'step')[4] as StepEvent;
  assert.equal([step.epoch, step.step, step.globalStep, step.size], [1, 5, 5, 10]);
  assert.equal(step.wError, [step.w![0] - 2, step.w![1] + 3.4]);
  assert.is(step.bError, step.b! - 4.2);
  const epochs = events.filter((e): e is EpochEvent => e.type === 'epoch');
  assert.equal(epochs.map((e) => e.globalStep), [100, 200, 300]);
  for (const e of epochs) {
    // loss over the whole dataset at the epoch's parameters, computed here by hand
    let s = 0;
    for (let i = 0; i < ds.n; i++) s += (ds.X[2 * i] * e.w![0] + ds.X[2 * i + 1] * e.w![1] + e.b! - ds.y[i]) ** 2 / 2;
    assert.ok(Math.abs(e.loss - s / ds.n) < 1e-15, `${e.loss} vs ${s / ds.n}`);
    assert.is(e.gapToOptimum, e.loss - run.optimum!.loss);
    assert.ok(e.gapToOptimum! >= 0);
  }
  const done = events.at(-1)!;
  assert.ok(done.type === 'done' && done.epochs === 3 && done.steps === 300 && done.loss === epochs[2].loss);
});

test('without noise the optimum is the true line and its loss is ~0', () => {
  const ds = syntheticLinear({ n: 50, w: [1.5, -2, 0.25], b: -0.5, noise: 0, seed: 1 });
  const o = leastSquares(ds.X, ds.y, ds.n, ds.d)!;
  o.w.forEach((v, j) => assert.ok(Math.abs(v - [1.5, -2, 0.25][j]) < 1e-12));
  assert.ok(Math.abs(o.b + 0.5) < 1e-12);
  assert.ok(o.loss < 1e-25);
  assert.is(leastSquares(new Float64Array([1, 1]), new Float64Array([1, 2]), 2, 1), undefined, 'a constant column is singular');
});

test(`the optimum is skipped by default when n·d² > ${OPTIMUM_AUTO_LIMIT}, and solved when asked`, async () => {
  const w = Array.from({ length: 256 }, (_, j) => (j % 3) - 1);
  const ds = syntheticLinear({ n: 1025, w, b: 0, seed: 2 });
  assert.ok(ds.n * ds.d * ds.d > OPTIMUM_AUTO_LIMIT);
  const first = async (optimum?: boolean) =>
    (await collect(minibatches(ds, { batchSize: 256, epochs: 1, seed: 2 }).pipe(train({ lr: 0.01, dataset: ds, optimum }))))[0] as RunEvent;
  assert.is((await first()).optimum, undefined);
  assert.ok((await first(true)).optimum!.loss < 1e-3);
});

test('a stream without a dataset: the epoch loss is the mean of its batch losses; epochs end on a new epoch number or completion', async () => {
  const ds = syntheticLinear({ n: 45, seed: 4 });
  // Hide `last` and the plan, as a stream of unknown length would: only the epoch number and completion can end an epoch.
  const batches = minibatches(ds, { batchSize: 10, epochs: 2, seed: 4 }).pipe(map((b): BatchLike => ({ ...b, last: false, plan: undefined })));
  const events = await collect(batches.pipe(train({ lr: 0.03, explain: false })));
  assert.is(events.map((e) => e.type).join(','), `run,${'step,'.repeat(5)}epoch,${'step,'.repeat(5)}epoch,done`);
  const steps = events.filter((e): e is StepEvent => e.type === 'step');
  const epochs = events.filter((e): e is EpochEvent => e.type === 'epoch');
  for (const [k, e] of epochs.entries()) {
    const mine = steps.filter((s) => s.epoch === k + 1).map((s) => s.loss);
    assert.is(e.loss, mine.reduce((a, b) => a + b, 0) / mine.length);
  }
  assert.is(steps[4].size, 5, 'short last batch');
  const run = events[0] as RunEvent;
  assert.is(run.optimum, undefined);
  assert.is(run.sample, undefined);
  assert.is(run.config.n, undefined);
});

test('the same seed gives identical events; the init is w ~ N(0, 0.01²), b = 0', async () => {
  const ds = syntheticLinear({ n: 30, seed: 5 });
  const go = () => collect(minibatches(ds, { batchSize: 7, epochs: 2, seed: 5 }).pipe(train({ lr: 0.05, optimizer: 'adam' })));
  const [a, b] = await Promise.all([go(), go()]);
  const strip = (es: typeof a) => es.map((e) => ({ ...e, elapsedMs: 0, startedAt: 0 }));
  assert.equal(strip(a), strip(b));
  const run = a[0] as RunEvent;
  assert.is(run.b, 0);
  assert.ok(run.w!.every((v) => v !== 0 && Math.abs(v) < 0.05));
});

test('a batch stream of plain objects works too (anything shaped like a Batch)', async () => {
  const X = new Float64Array([1, 2, 3]);
  const y = new Float64Array([3, 5, 7]); // y = 2x + 1
  const batches = from([{ epoch: 1, index: 0, size: 3, d: 1, X, y, last: true }]);
  const events = await collect(batches.pipe(train({ lr: 0.1, init: { w: [0], b: 0 } })));
  const step = events[1] as StepEvent;
  // r = −y; Σl = (9 + 25 + 49)/2; ∂Σl/∂w = −(3 + 10 + 21) = −34, ∂Σl/∂b = −15; mean over 3 rows.
  assert.is(step.loss, 83 / 2 / 3);
  assert.ok(Math.abs(step.w![0] - (0.1 * 34) / 3) < 1e-15);
  assert.ok(Math.abs(step.b! - (0.1 * 15) / 3) < 1e-15);
  assert.ok(Math.abs(step.gradNorm - Math.hypot(34, 15) / 3) < 1e-15);
});

test.run();
