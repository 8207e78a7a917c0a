import { readFileSync } from 'node:fs';
import { lastValueFrom, toArray } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { minibatches, type Dataset } from '../src/index.js';

/** A PyTorch float64 run of the d2l lesson (fixtures/make_d2l_linreg_sgd.py at the repository root): its data, its shuffle orders and every SGD step. */
const fixture = JSON.parse(readFileSync(new URL('../../../fixtures/d2l-linreg-sgd.json', import.meta.url), 'utf8')) as {
  n: number;
  d: number;
  batchSize: number;
  lr: number;
  epochs: number;
  features: number[];
  labels: number[];
  init: { w: number[]; b: number };
  order: number[][];
  steps: { epoch: number; step: number; size: number; lossSum: number; w: number[]; b: number }[];
};

test('fed the fixture orders, minibatches yields the batches PyTorch trained on (300 SGD steps within 1e-9)', async () => {
  const ds: Dataset = { n: fixture.n, d: fixture.d, X: Float64Array.from(fixture.features), y: Float64Array.from(fixture.labels) };
  const batches = await lastValueFrom(minibatches(ds, { batchSize: fixture.batchSize, orders: fixture.order }).pipe(toArray()));
  assert.is(batches.length, fixture.steps.length);

  // The lesson's SGD written out by hand (closed-form gradient of Σ(ŷ − y)²/2), independent of the trainer.
  const w = [...fixture.init.w];
  let b = fixture.init.b;
  let worst = 0;
  batches.forEach((batch, k) => {
    const ref = fixture.steps[k];
    assert.is(batch.epoch, ref.epoch);
    assert.is(batch.index + 1, ref.step);
    assert.is(batch.size, ref.size);
    let lossSum = 0;
    const gw = new Array<number>(fixture.d).fill(0);
    let gb = 0;
    for (let i = 0; i < batch.size; i++) {
      let yHat = b;
      for (let j = 0; j < fixture.d; j++) yHat += batch.X[i * fixture.d + j] * w[j];
      const r = yHat - batch.y[i];
      lossSum += (r * r) / 2;
      for (let j = 0; j < fixture.d; j++) gw[j] += r * batch.X[i * fixture.d + j];
      gb += r;
    }
    for (let j = 0; j < fixture.d; j++) w[j] -= (fixture.lr * gw[j]) / batch.size;
    b -= (fixture.lr * gb) / batch.size;
    worst = Math.max(worst, Math.abs(lossSum - ref.lossSum), ...w.map((v, j) => Math.abs(v - ref.w[j])), Math.abs(b - ref.b));
  });
  assert.ok(worst < 1e-9, `worst deviation ${worst}`);
});

test.run();
