// The d2l lesson trained with this engine, step by step against PyTorch's float64 trajectory
// (fixtures/d2l-linreg-sgd.json at the repository root: same data, initial parameters and shuffle order): every
// step's summed loss and updated parameters, and every epoch's loss, within 1e-9.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { noGrad, tensor, type Tensor } from '../src/index.js';

interface Fixture {
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
  epochLoss: number[];
}

const fx = JSON.parse(readFileSync(new URL('../../../fixtures/d2l-linreg-sgd.json', import.meta.url), 'utf8')) as Fixture;

const linreg = (X: Tensor, w: Tensor, b: Tensor): Tensor => X.matmul(w).add(b);
const squaredLoss = (yHat: Tensor, y: Tensor): Tensor => yHat.sub(y.reshape(yHat.shape)).pow(2).div(2);

function near(actual: number, expected: number, what: string): void {
  if (!(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)))) assert.unreachable(`${what}: ${actual} vs PyTorch ${expected}`);
}

test('300 SGD steps and 3 epoch losses match PyTorch within 1e-9', () => {
  const { n, d, batchSize, lr } = fx;
  const w = tensor(fx.init.w, { shape: [d, 1], requiresGrad: true, name: 'w' });
  const b = tensor([fx.init.b], { requiresGrad: true, name: 'b' });
  const allX = tensor(fx.features, { shape: [n, d] });
  const allY = tensor(fx.labels);
  let k = 0;
  for (let epoch = 0; epoch < fx.epochs; epoch++) {
    const order = fx.order[epoch];
    for (let start = 0; start < n; start += batchSize) {
      const idx = order.slice(start, start + batchSize);
      const X = tensor(idx.map((i) => fx.features.slice(i * d, (i + 1) * d)), { name: 'X' });
      const y = tensor(idx.map((i) => fx.labels[i]), { name: 'y' });
      const l = squaredLoss(linreg(X, w, b), y);
      const lossSum = l.sum();
      lossSum.backward();
      noGrad(() => {
        for (const p of [w, b]) {
          p.sub_(p.grad!.mul(lr / idx.length));
          p.grad!.zero_();
        }
      });
      const ref = fx.steps[k++];
      assert.is(ref.size, idx.length);
      near(lossSum.item(), ref.lossSum, `step ${k} loss`);
      near(w.data[0], ref.w[0], `step ${k} w[0]`);
      near(w.data[1], ref.w[1], `step ${k} w[1]`);
      near(b.data[0], ref.b, `step ${k} b`);
    }
    const epochLoss = noGrad(() => squaredLoss(linreg(allX, w, b), allY).mean().item());
    near(epochLoss, fx.epochLoss[epoch], `epoch ${epoch + 1} loss`);
  }
  assert.is(k, fx.steps.length);
});

test.run();
