// The lesson's own loop, written as d2l writes it, with linreg / squaredLoss / sgd on autograd tensors:
// fed the fixture's data in the fixture's order it reproduces PyTorch's trajectory.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { noGrad, tensor } from '@gradstream/autograd';
import { initialParameters, linreg, sgd, squaredLoss } from '../src/index.js';
import { loadFixture } from './helpers.js';

test('linreg, squaredLoss: ŷ = X·w + b and the per-sample vector (ŷ − y)²/2, by hand', () => {
  const X = tensor([[1, 2], [3, 4]]);
  const yHat = linreg(X, tensor([[0.5], [-1]]), tensor([2]));
  assert.equal(yHat.shape, [2, 1]);
  assert.equal(yHat.toArray(), [[0.5 - 2 + 2], [1.5 - 4 + 2]]);
  const l = squaredLoss(yHat, tensor([1, 1])); // y as a vector: reshaped, not broadcast to 2×2
  assert.equal(l.shape, [2, 1]);
  assert.equal(l.toArray(), [[0.125], [1.125]]);
});

test('sgd: param −= lr·grad/batchSize, then the gradient is zeroed; params without a gradient are left alone', () => {
  const w = tensor([1, 2], { requiresGrad: true });
  const unused = tensor([5], { requiresGrad: true });
  w.mul(w).sum().backward(); // grad = 2w
  sgd([w, unused], 0.1, 4);
  assert.equal(w.toArray(), [1 - (0.1 * 2) / 4, 2 - (0.1 * 4) / 4]);
  assert.equal(w.grad!.toArray(), [0, 0]);
  assert.equal(unused.toArray(), [5]);
});

test('sgd and initialParameters name a bad argument, its rule and its value', () => {
  const p = tensor([1, 2], { requiresGrad: true });
  const cases: [() => unknown, string][] = [
    [() => sgd([p], NaN, 1), 'invalid argument. lr must be a positive finite number. Value: `NaN`.'],
    [() => sgd([p], 0.1, 0), 'invalid argument. batchSize must be a positive integer. Value: `0`.'],
    [() => sgd([1] as never, 0.1, 1), 'invalid argument. params must be an array of tensors. Value: `[1]`.'],
    [() => initialParameters(-1, 42), 'invalid argument. d must be a positive integer. Value: `-1`.'],
    [() => initialParameters(2.5, 1), 'invalid argument. d must be a positive integer. Value: `2.5`.'],
    [() => initialParameters(2, -3), 'invalid argument. seed must be an integer between 0 and 4294967295. Value: `-3`.'],
  ];
  for (const [call, message] of cases) assert.throws(call, (e: Error) => e.message === message, message);
  assert.equal(Array.from(p.data), [1, 2], 'a rejected step changes nothing');
});

test('the d2l training loop, line for line, reproduces the PyTorch fixture within 1e-9', () => {
  const fx = loadFixture();
  const { n, d, batchSize, lr, epochs } = fx;
  const features = tensor(Float64Array.from(fx.features), { shape: [n, d] });
  const labels = tensor(Float64Array.from(fx.labels), { shape: [n, 1] });
  const w = tensor([[fx.init.w[0]], [fx.init.w[1]]], { requiresGrad: true, name: 'w' });
  const b = tensor([fx.init.b], { requiresGrad: true, name: 'b' });
  // d2l's data_iter, but with the fixture's recorded permutation instead of random.shuffle.
  function* dataIter(epoch: number) {
    const order = fx.order[epoch];
    for (let i = 0; i < n; i += batchSize) {
      const rows = order.slice(i, i + batchSize);
      const Xb = new Float64Array(rows.length * d);
      rows.forEach((r, k) => Xb.set(fx.features.slice(r * d, (r + 1) * d), k * d));
      yield [tensor(Xb, { shape: [rows.length, d] }), tensor(rows.map((r) => fx.labels[r]), { shape: [rows.length, 1] })] as const;
    }
  }
  let worst = 0;
  let k = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const [X, y] of dataIter(epoch)) {
      const l = squaredLoss(linreg(X, w, b), y); // minibatch loss in X and y
      const lossSum = l.sum();
      lossSum.backward(); // compute gradient on l with respect to [w, b]
      sgd([w, b], lr, X.shape[0]); // update parameters using their gradient
      const ref = fx.steps[k++];
      worst = Math.max(worst, Math.abs(lossSum.item() - ref.lossSum), Math.abs(w.data[0] - ref.w[0]), Math.abs(w.data[1] - ref.w[1]), Math.abs(b.data[0] - ref.b));
    }
    const trainL = noGrad(() => squaredLoss(linreg(features, w, b), labels));
    worst = Math.max(worst, Math.abs(trainL.mean().item() - fx.epochLoss[epoch]));
  }
  assert.is(k, 300);
  assert.ok(worst <= 1e-9, String(worst));
});

test.run();
