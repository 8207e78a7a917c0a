// StepGate and the plan minibatches carry: pacing and pausing move steps in time and never change them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lastValueFrom, toArray } from 'rxjs';
import { batchesPerEpoch, minibatches, resumePoint, StepGate, syntheticLinear } from '../src/index.js';

test('a paused gate lets exactly the granted single steps through', () => {
  const gate = new StepGate({ paused: true });
  assert.is(gate.tryTake(), false);
  gate.step();
  gate.step();
  assert.equal([gate.tryTake(), gate.tryTake(), gate.tryTake()], [true, true, false]);
  gate.resume();
  assert.is(gate.tryTake(), true);
  assert.equal(gate.state, { paused: false, stepsPerSecond: null });
});

test('a paced gate allows one step per slot from its start, and no burst beyond 100 ms after a stall', () => {
  const gate = new StepGate({ stepsPerSecond: 20 });
  const t0 = performance.now();
  assert.is(gate.tryTake(t0), true);
  assert.is(gate.tryTake(t0 + 10), false, 'the second step is due 50 ms after the first');
  assert.is(gate.tryTake(t0 + 51), true);
  // Ten seconds later: at most 1 + 100 ms × 20/s = 3 steps at once, not 200.
  let burst = 0;
  while (gate.tryTake(t0 + 10_000)) burst++;
  assert.ok(burst >= 1 && burst <= 3, `burst of ${burst}`);
});

test('ready() waits for a control call while paused, and wakes on it', async () => {
  const gate = new StepGate({ paused: true });
  let woke = false;
  const waiting = gate.ready().then(() => (woke = true));
  await new Promise((r) => setTimeout(r, 20));
  assert.is(woke, false);
  gate.step();
  await waiting;
  assert.is(woke, true);
});

test('a bad speed names the argument, the rule and the value', () => {
  assert.throws(() => new StepGate({ stepsPerSecond: 0 }), (e: Error) => e.message === 'invalid argument. stepsPerSecond must be a positive number of steps per second up to 1e9, or null for no limit. Value: `0`.');
  assert.throws(() => new StepGate().setSpeed(Number.NaN), /stepsPerSecond must be a positive number.*Value: `NaN`/);
});

test('a gated stream is paused between steps and yields the same batches as an ungated one', async () => {
  const ds = syntheticLinear({ n: 50, seed: 3 });
  const free = await lastValueFrom(minibatches(ds, { batchSize: 10, epochs: 2, seed: 3 }).pipe(toArray()));
  const gate = new StepGate({ paused: true });
  const seen: number[][] = [];
  const done = new Promise<void>((resolve) =>
    minibatches(ds, { batchSize: 10, epochs: 2, seed: 3, pace: { sliceMs: 5, gate } }).subscribe({
      next: (b) => seen.push(Array.from(b.indices)),
      complete: resolve,
    }),
  );
  await new Promise((r) => setTimeout(r, 30));
  assert.is(seen.length, 0, 'nothing flows while paused');
  gate.step();
  await new Promise((r) => setTimeout(r, 30));
  assert.is(seen.length, 1, 'one single step, one batch');
  gate.resume();
  await done;
  assert.equal(seen, free.map((b) => Array.from(b.indices)));
});

test('every batch carries the plan of its stream, one shared object', async () => {
  const ds = syntheticLinear({ n: 25, seed: 1 });
  const batches = await lastValueFrom(minibatches(ds, { batchSize: 10, epochs: 2, seed: 9, dropLast: true }).pipe(toArray()));
  assert.equal(batches[0].plan, { n: 25, batchSize: 10, epochs: 2, shuffle: true, seed: 9, dropLast: true, perEpoch: 2 });
  assert.ok(batches.every((b) => b.plan === batches[0].plan));
  assert.ok(Object.isFrozen(batches[0].plan));
});

test('batchesPerEpoch and resumePoint: the formula and the clamp in one place', () => {
  assert.equal([batchesPerEpoch(1000, 10, false), batchesPerEpoch(1001, 10, false), batchesPerEpoch(1001, 10, true)], [100, 101, 100]);
  assert.equal(resumePoint({ epoch: 2, index: 5 }, { epochs: 3, perEpoch: 100 }), { epoch: 2, index: 5 });
  assert.equal(resumePoint({ epoch: 4, index: 0 }, { epochs: 3, perEpoch: 100 }), { epoch: 3, index: 100 });
});

test('a batch size larger than the dataset allocates only the rows there are', async () => {
  const ds = syntheticLinear({ n: 100, seed: 1 });
  const [only] = await lastValueFrom(minibatches(ds, { batchSize: 1e9 }).pipe(toArray()));
  assert.is(only.size, 100);
  assert.is(only.X.length, 200);
});

test.run();
