// A run that blows up ends with an error event (step, lr, hint), never with an exception.
import { concat, map, of, tap, throwError } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { minibatches, syntheticLinear } from '@gradstream/data';
import type { ErrorEvent, StepEvent } from '@gradstream/events';
import { train, trainLinearRegression, type BatchLike } from '../src/index.js';
import { collect } from './helpers.js';

for (const [lr, suggested] of [[100, 1], [3, 0.3]] as const) {
  test(`lr ${lr} on the lesson diverges before NaN: the error names the step, the loss and the lr, and suggests an lr that converges`, async () => {
    const events = await collect(trainLinearRegression({ lr }));
    const last = events.at(-1) as ErrorEvent;
    assert.is(last.type, 'error');
    assert.is(events.filter((e) => e.type === 'done').length, 0);
    assert.is(last.lr, lr);
    const steps = events.filter((e): e is StepEvent => e.type === 'step');
    assert.is(steps.length, last.globalStep! - 1, 'every step before it was emitted');
    assert.ok(steps.every((s) => Number.isFinite(s.loss) && s.loss <= 1e6 * steps[0].loss));
    const step = last.globalStep! - 100 * (last.epoch! - 1);
    assert.match(last.message, new RegExp(`^training diverged at epoch ${last.epoch}, step ${step} \\(global step ${last.globalStep}\\): the batch loss reached \\S+ \\(more than 10⁶ × the first batch loss ${steps[0].loss.toPrecision(4)}\\) with lr ${lr}\\.$`));
    assert.is(last.hint, `try a smaller learning rate: lr ${suggested} converges on this data (checked by a one-epoch probe run)`);
    // The suggestion, run as a person would: the whole lesson converges.
    const retried = await collect(trainLinearRegression({ lr: suggested }));
    const done = retried.at(-1)!;
    assert.is(done.type, 'done', JSON.stringify(done));
    assert.ok(done.type === 'done' && done.loss! < 1e-3, `final loss ${done.type === 'done' && done.loss}`);
  });
}

test('a NaN in the data is named as bad data, not as divergence (no advice to lower the learning rate)', async () => {
  const ds = syntheticLinear({ n: 50, seed: 3 });
  ds.X[2 * 17 + 1] = NaN; // dataset row 18 (1-based), feature 2
  const events = await collect(minibatches(ds, { batchSize: 10, epochs: 1, seed: 3 }).pipe(train({ lr: 0.03, dataset: ds })));
  const err = events.at(-1) as ErrorEvent;
  assert.is(err.type, 'error');
  const batches = events.filter((e) => e.type === 'step').length + 1;
  assert.match(err.message, new RegExp(`^invalid data: batch ${batches} of epoch 1 holds X\\[row \\d+ \\(dataset row 18\\), feature 2\\] = NaN, so its loss is not a number\\.$`));
  assert.is(err.hint, 'every feature and label must be a finite number: check the dataset');
  const noLabel = syntheticLinear({ n: 10, seed: 3 });
  noLabel.y[4] = Infinity;
  const second = (await collect(minibatches(noLabel, { batchSize: 10, shuffle: false }).pipe(train({ lr: 0.03 })))).at(-1) as ErrorEvent;
  assert.is(second.message, 'invalid data: batch 1 of epoch 1 holds y[row 5 (dataset row 5)] = Infinity, so its loss is not a number.');
});

test('batches that contradict the declared batchSize end the run with an error naming the sizes', async () => {
  const ds = syntheticLinear({ n: 50, seed: 3 });
  // A batch whose size contradicts the plan it carries (a producer bug) is refused, and named 1-based (D3).
  const lying = minibatches(ds, { batchSize: 7, seed: 3 }).pipe(map((b, i) => (i === 2 ? { ...b, size: 5 } : b)));
  const events = await collect(lying.pipe(train({ lr: 0.03, dataset: ds, explain: false })));
  const err = events.at(-1) as ErrorEvent;
  assert.equal(events.map((e) => e.type), ['run', 'step', 'step', 'error']);
  assert.is(err.message, "invalid batch 3 of epoch 1. size must be the stream's batchSize 7 (only the last batch of an epoch may be shorter). Value: `5`.");
  // The short last batch of an epoch is fine: 48 rows are 4 batches of 10 and one of 8.
  const ok = await collect(minibatches(syntheticLinear({ n: 48, seed: 3 }), { batchSize: 10, seed: 3 }).pipe(train({ lr: 0.03})));
  assert.is(ok.at(-1)!.type, 'done');
});

test('the operator stops pulling batches after the error', async () => {
  let pulled = 0;
  const ds = syntheticLinear({ seed: 1 });
  const counted = minibatches(ds, { batchSize: 10, epochs: 3, seed: 1 }).pipe(tap(() => pulled++));
  const events = await collect(counted.pipe(train({ lr: 100 })));
  const err = events.at(-1) as ErrorEvent;
  assert.is(err.type, 'error');
  assert.is(pulled, err.globalStep);
});

test('an upstream failure and a batch that does not fit become error events too', async () => {
  const ds = syntheticLinear({ n: 20, seed: 1 });
  const good = minibatches(ds, { batchSize: 10, epochs: 1, seed: 1 });
  const failing = concat(good, throwError(() => new Error('disk on fire')));
  const a = await collect(failing.pipe(train({ lr: 0.03, explain: false })));
  assert.equal(a.map((e) => e.type), ['run', 'step', 'step', 'epoch', 'error']);
  assert.is((a.at(-1) as ErrorEvent).message, 'the minibatch stream failed: disk on fire');

  const wide: BatchLike = { epoch: 1, index: 0, size: 1, d: 3, X: new Float64Array(3), y: new Float64Array(1), last: true };
  const b = await collect(of(wide).pipe(train({ lr: 0.03, init: { w: [0, 0], b: 0 } })));
  assert.equal(b.map((e) => e.type), ['run', 'error']);
  assert.is((b[1] as ErrorEvent).message, "invalid batch 1 of epoch 1. d must be 2 (the run's feature count). Value: `3`.");

  const empty = await collect(of<BatchLike>().pipe(train({ lr: 0.03 })));
  assert.equal(empty.map((e) => e.type), ['error']);
});

test.run();

test('D1/D2: a NaN in a row no batch visits (dropped by dropLast) ends the run as bad data at the epoch end, and nothing follows the error', async () => {
  const ds = syntheticLinear({ n: 25, seed: 3 });
  const order = Array.from({ length: 25 }, (_, i) => i);
  ds.y[24] = NaN; // row 25: the short last batch of each epoch, which dropLast drops
  // Epochs end by a change of epoch number (no `last`), as a stream that does not know its length would.
  const batches = minibatches(ds, { batchSize: 10, epochs: 2, orders: [order, order], dropLast: true }).pipe(map((b): BatchLike => ({ ...b, last: false })));
  const events = await collect(batches.pipe(train({ lr: 0.03, dataset: ds, explain: false })));
  const err = events.at(-1) as ErrorEvent;
  assert.equal(events.map((e) => e.type), ['run', 'step', 'step', 'error']);
  assert.is(err.message, 'invalid data: the dataset holds y[row 25] = NaN (a row no batch visited, e.g. one dropped by dropLast), so the loss over all rows is not a number.');
  assert.is(err.hint, 'every feature and label must be a finite number: check the dataset');
});
