// A run that blows up ends with an error event (step, lr, hint), never with an exception.
import { concat, of, tap, throwError } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { minibatches, syntheticLinear } from '@gradstream/data';
import type { ErrorEvent } from '@gradstream/events';
import { train, trainLinearRegression, type BatchLike } from '../src/index.js';
import { collect } from './helpers.js';

test('lr 100 on the lesson diverges: an error event names the step and the lr and suggests a smaller one', async () => {
  const events = await collect(trainLinearRegression({ lr: 100 }));
  const last = events.at(-1) as ErrorEvent;
  assert.is(last.type, 'error');
  assert.is(events.filter((e) => e.type === 'done').length, 0);
  assert.is(last.lr, 100);
  const step = last.globalStep! - 100 * (last.epoch! - 1);
  assert.ok(last.globalStep! > 1 && last.globalStep! <= 300, String(last.globalStep));
  assert.match(last.message, new RegExp(`^training diverged: .* at epoch ${last.epoch}, step ${step} \\(global step ${last.globalStep}\\).* with lr 100\\.$`));
  assert.is(last.hint, 'try a smaller learning rate, e.g. lr 10');
  // Every step before it was finite and the losses really grew.
  const steps = events.filter((e) => e.type === 'step');
  assert.is(steps.length, last.globalStep! - 1);
  assert.ok(steps.every((s) => s.type === 'step' && Number.isFinite(s.loss)));
  assert.ok(steps.at(-1)!.type === 'step' && (steps.at(-1) as { loss: number }).loss > 1e10);
});

test('a NaN in the data is named as bad data, not as divergence (no advice to lower the learning rate)', async () => {
  const ds = syntheticLinear({ n: 50, seed: 3 });
  ds.X[2 * 17 + 1] = NaN; // dataset row 17, feature 2
  const events = await collect(minibatches(ds, { batchSize: 10, epochs: 1, seed: 3 }).pipe(train({ lr: 0.03, dataset: ds })));
  const err = events.at(-1) as ErrorEvent;
  assert.is(err.type, 'error');
  const batches = events.filter((e) => e.type === 'step').length + 1;
  assert.match(err.message, new RegExp(`^invalid data: batch ${batches} of epoch 1 holds X\\[row \\d+ \\(dataset row 17\\), feature 2\\] = NaN, so its loss is not a number\\.$`));
  assert.is(err.hint, 'every feature and label must be a finite number: check the dataset');
  const noLabel = syntheticLinear({ n: 10, seed: 3 });
  noLabel.y[4] = Infinity;
  const second = (await collect(minibatches(noLabel, { batchSize: 10, shuffle: false }).pipe(train({ lr: 0.03 })))).at(-1) as ErrorEvent;
  assert.is(second.message, 'invalid data: batch 1 of epoch 1 holds y[row 5 (dataset row 4)] = Infinity, so its loss is not a number.');
});

test('batches that contradict the declared batchSize end the run with an error naming the sizes', async () => {
  const ds = syntheticLinear({ n: 50, seed: 3 });
  const events = await collect(minibatches(ds, { batchSize: 7, seed: 3 }).pipe(train({ lr: 0.03, batchSize: 10, dataset: ds })));
  const err = events.at(-1) as ErrorEvent;
  assert.equal(events.map((e) => e.type), ['run', 'error']);
  assert.is(err.message, "invalid batch 0 of epoch 1. size must be the config's batchSize 10 (only the last batch of an epoch may be shorter). Value: `7`.");
  // The short last batch of an epoch is fine: 48 rows are 4 batches of 10 and one of 8.
  const ok = await collect(minibatches(syntheticLinear({ n: 48, seed: 3 }), { batchSize: 10, seed: 3 }).pipe(train({ lr: 0.03, batchSize: 10 })));
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
  const a = await collect(failing.pipe(train({ lr: 0.03 })));
  assert.equal(a.map((e) => e.type), ['run', 'step', 'step', 'epoch', 'error']);
  assert.is((a.at(-1) as ErrorEvent).message, 'the minibatch stream failed: disk on fire');

  const wide: BatchLike = { epoch: 1, index: 0, size: 1, d: 3, X: new Float64Array(3), y: new Float64Array(1), last: true };
  const b = await collect(of(wide).pipe(train({ lr: 0.03, init: { w: [0, 0], b: 0 } })));
  assert.equal(b.map((e) => e.type), ['run', 'error']);
  assert.is((b[1] as ErrorEvent).message, "invalid batch 0 of epoch 1. d must be 2 (the run's feature count). Value: `3`.");

  const empty = await collect(of<BatchLike>().pipe(train({ lr: 0.03 })));
  assert.equal(empty.map((e) => e.type), ['error']);
});

test.run();
