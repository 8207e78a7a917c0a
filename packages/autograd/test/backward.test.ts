// The backward pass: order, accumulation, retained gradients, freed graphs, deep chains, noGrad,
// detach and the functional grad().
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { grad, noGrad, ones, tensor } from '../src/index.js';
import { close } from './helpers.js';

test('a 100,000-op chain backpropagates without a stack overflow', () => {
  const x = tensor(1, { requiresGrad: true });
  let y = x;
  for (let i = 0; i < 100_000; i++) y = y.mul(1.00001);
  y.backward();
  close([x.grad!.item()], [Math.pow(1.00001, 100_000)], 1e-9, 'x.grad');
});

test('a diamond (one tensor used twice) sums both paths', () => {
  const x = tensor(3, { requiresGrad: true });
  const a = x.mul(2);
  const y = a.mul(a).add(a); // y = 4x² + 2x, dy/dx = 8x + 2 = 26
  y.backward();
  assert.is(x.grad!.item(), 26);
});

test('non-leaf gradients stay null unless retainGrad() was called', () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const h = x.mul(3);
  const k = x.mul(4).retainGrad();
  h.add(k).pow(2).sum().backward();
  assert.is(h.grad, null);
  assert.is(h.isLeaf, false);
  assert.equal(k.grad!.toArray(), [2 * (3 + 4), 2 * (6 + 8)]);
  assert.equal(x.grad!.toArray(), [7 * 14, 7 * 28]);
});

test('backward(gradient) on a non-scalar is a vector-Jacobian product', () => {
  const x = tensor([1, 2, 3], { requiresGrad: true });
  x.pow(2).backward(tensor([1, 0.5, 0]));
  assert.equal(x.grad!.toArray(), [2, 2, 0]);
});

test('retainGraph allows a second backward, which accumulates', () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const l = x.pow(2).sum();
  l.backward(undefined, { retainGraph: true });
  l.backward();
  assert.equal(x.grad!.toArray(), [4, 8]);
});

test('noGrad: results do not require grad and are leaves; recording resumes afterwards, even after a throw', () => {
  const w = tensor([1, 2], { requiresGrad: true });
  const inside = noGrad(() => w.mul(2));
  assert.is(inside.requiresGrad, false);
  assert.is(inside.isLeaf, true);
  assert.throws(() => noGrad(() => { throw new Error('boom'); }), /boom/);
  assert.is(w.mul(2).requiresGrad, true);
});

test('detach cuts the graph and shares the data', () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const d = x.mul(2).detach();
  assert.is(d.requiresGrad, false);
  assert.is(d.isLeaf, true);
  const y = x.mul(d).sum(); // d is a constant: dy/dx = d
  y.backward();
  assert.equal(x.grad!.toArray(), [2, 4]);
  const shared = x.detach();
  noGrad(() => x.add_(1));
  assert.equal(shared.toArray(), [2, 3]);
});

test('grad() returns gradients without touching .grad, for leaves and intermediate tensors', () => {
  const x = tensor([1, 2, 3], { requiresGrad: true });
  const h = x.mul(2);
  const l = h.pow(2).sum();
  const [gx, gh] = grad(l, [x, h]);
  assert.equal(gx.toArray(), [8, 16, 24]);
  assert.equal(gh.toArray(), [4, 8, 12]);
  assert.is(x.grad, null);
  assert.is(gx.requiresGrad, false);
});

test('grad() with several outputs and gradOutputs sums their contributions', () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const [g] = grad([x.mul(3), x.pow(2)], [x], { gradOutputs: [ones([2]), tensor([1, 0])] });
  assert.equal(g.toArray(), [3 + 2, 3]);
});

test('grad() on an unused input throws unless allowUnused, then gives zeros', () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const z = tensor([5], { requiresGrad: true, name: 'z' });
  assert.throws(
    () => grad(x.sum(), [z]),
    (e: Error) => e.message === 'invalid argument. inputs[0] was not used to compute the outputs (z, shape [1]), so it has no gradient. Pass { allowUnused: true } to get zeros for it.',
  );
  assert.equal(grad(x.sum(), [z], { allowUnused: true })[0].toArray(), [0]);
});

test('reshape shares data (a view); transpose copies', () => {
  const x = tensor([1, 2, 3, 4]);
  const v = x.view([2, 2]);
  noGrad(() => v.mul_(10));
  assert.equal(x.toArray(), [10, 20, 30, 40]);
  const t = v.T;
  assert.equal(t.toArray(), [[10, 30], [20, 40]]);
});

test('recycled gradient buffers start from zero on every pass (200 passes, sizes on both sides of the pool limit)', () => {
  let seed = 3;
  const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 4 - 2;
  for (let pass = 0; pass < 200; pass++) {
    const n = [5, 10, 33][pass % 3];
    const x = tensor(Array.from({ length: n }, rand), { requiresGrad: true });
    const h = x.mul(3).add(1); // an intermediate whose gradient buffer is recycled
    h.pow(2).sum().backward();
    const expected = Array.from(x.data, (v) => 2 * (3 * v + 1) * 3);
    close(x.grad!.data, expected, 1e-13, `pass ${pass}`);
  }
});

test.run();
