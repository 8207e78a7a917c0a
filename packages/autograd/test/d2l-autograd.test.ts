// The d2l "Automatic Differentiation" chapter (2.5) and the linear-regression lesson (3.2), checked
// against the numbers the book prints and against the hand computation.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { noGrad, tensor } from '../src/index.js';
import { close, rng } from './helpers.js';

test('y = 2·(x·x) gives x.grad = 4x = [0, 4, 8, 12] (d2l 2.5.1)', () => {
  const x = tensor([0, 1, 2, 3], { requiresGrad: true });
  assert.is(x.grad, null);
  const y = x.matmul(x).mul(2);
  assert.equal(y.shape, []);
  assert.is(y.item(), 28);
  y.backward();
  assert.equal(x.grad!.toArray(), [0, 4, 8, 12]);
});

test('after zeroing, (x*x).sum() gives [0, 2, 4, 6]; without zeroing gradients add up', () => {
  const x = tensor([0, 1, 2, 3], { requiresGrad: true });
  x.matmul(x).mul(2).backward();
  x.grad!.zero_();
  x.mul(x).sum().backward();
  assert.equal(x.grad!.toArray(), [0, 2, 4, 6]);
  x.mul(x).sum().backward(); // no zero_(): accumulates, as PyTorch does
  assert.equal(x.grad!.toArray(), [0, 4, 8, 12]);
  x.zeroGrad();
  assert.equal(x.grad!.toArray(), [0, 0, 0, 0]);
});

test('the grad tensor keeps its identity across accumulation (in-place add, as PyTorch)', () => {
  const x = tensor([1, 2], { requiresGrad: true });
  x.sum().backward();
  const g = x.grad;
  x.mul(3).sum().backward();
  assert.ok(x.grad === g);
  assert.equal(g!.toArray(), [4, 4]);
});

test('the lesson graph: ∂l/∂w = Xᵀ(ŷ − y) and ∂l/∂b = Σ(ŷ − y), computed by hand', () => {
  const next = rng(7);
  const n = 10;
  const Xd = Array.from({ length: n }, () => [next() * 2 - 1, next() * 2 - 1]);
  const yd = Xd.map(([a, c]) => 2 * a - 3.4 * c + 4.2 + 0.01 * (next() - 0.5));
  for (const wShape of [[2, 1], [2]] as const) {
    const X = tensor(Xd, { name: 'X' });
    const y = tensor(yd, { name: 'y' });
    const w = tensor(wShape.length === 2 ? [[0.3], [-0.1]] : [0.3, -0.1], { requiresGrad: true, name: 'w' });
    const b = tensor([0.2], { requiresGrad: true, name: 'b' });
    const yHat = X.matmul(w).add(b);
    const l = yHat.sub(y.reshape(yHat.shape)).pow(2).div(2);
    l.sum().backward();
    // by hand
    const r = Xd.map(([a, c], i) => a * 0.3 + c * -0.1 + 0.2 - yd[i]);
    const gw = [0, 1].map((j) => r.reduce((s, ri, i) => s + Xd[i][j] * ri, 0));
    const gb = r.reduce((s, ri) => s + ri, 0);
    close(w.grad!.data, gw, 1e-13, `w.grad (w shape ${wShape})`);
    close(b.grad!.data, [gb], 1e-13, 'b.grad');
    assert.equal(w.grad!.shape, wShape);
    assert.equal(b.grad!.shape, [1]);
    // the SGD step inside noGrad, as the trainer writes it
    const lr = 0.03;
    noGrad(() => {
      for (const p of [w, b]) {
        p.sub_(p.grad!.mul(lr / n));
        p.grad!.zero_();
      }
    });
    close(w.data, [0.3 - (lr / n) * gw[0], -0.1 - (lr / n) * gw[1]], 1e-14, 'w after step');
    close(b.data, [0.2 - (lr / n) * gb], 1e-14, 'b after step');
    assert.equal(Array.from(w.grad!.data), [0, 0]);
  }
});

test('a vector w without reshaping y broadcasts [10] against [10, 1] (the bug d2l warns about)', () => {
  const yHat = tensor(new Float64Array(10), { shape: [10] });
  const y = tensor(new Float64Array(10), { shape: [10, 1] });
  assert.equal(yHat.sub(y).shape, [10, 10]);
});

test.run();
