// The new ops' errors (argument, rule, value) and behaviours: stability at ±1000, sums not means,
// PyTorch's freed-graph rule, no graph under noGrad(), and the explainer's rules for them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { crossEntropy, exp, explain, hinge, l2, log, noGrad, sigmoid, tanh, tensor, type Tensor } from '../src/index.js';

function throwsMessage(fn: () => unknown, Kind: typeof Error, message: string): void {
  try {
    fn();
  } catch (e) {
    assert.instance(e, Kind);
    assert.is((e as Error).message, message);
    return;
  }
  assert.unreachable(`expected an error: ${message}`);
}

const bad = (x: unknown): Tensor => x as Tensor;

test('exp, log, tanh, sigmoid need a Tensor', () => {
  for (const op of [exp, log, tanh, sigmoid]) throwsMessage(() => op(bad(3)), TypeError, 'invalid argument. a must be a Tensor. Value: `3`.');
});

test('log refuses a negative entry, naming it (PyTorch would return NaN); log(0) is −Infinity', () => {
  throwsMessage(() => tensor([1, 2, -0.5]).log(), RangeError, 'invalid argument. log needs entries ≥ 0 (the log of a negative number is NaN). Value: `-0.5` at index 2.');
  assert.equal(tensor([0]).log().toArray(), [-Infinity]);
});

test('crossEntropy: logits must be a Tensor matrix', () => {
  throwsMessage(() => crossEntropy(bad([[1, 2]]), [0]), TypeError, 'invalid argument. logits must be a Tensor. Value: `1,2`.');
  throwsMessage(
    () => crossEntropy(tensor([1, 2, 3]), [0]),
    RangeError,
    'invalid argument. logits must be a matrix [n, k] with one row of k ≥ 1 class scores per example. Value: shape `[3]`.',
  );
});

test('crossEntropy: labels are n integer class indices in [0, k)', () => {
  const z = tensor([[1, 2, 3], [4, 5, 6]]);
  throwsMessage(() => crossEntropy(z, [0]), RangeError, 'invalid argument. labels must hold one label per row (2). Value: an array of 1.');
  throwsMessage(() => crossEntropy(z, [0, 3]), RangeError, 'invalid argument. labels must be class indices: integers in [0, 3) for 3 classes. Value: `3` at row 1.');
  throwsMessage(() => crossEntropy(z, [0.5, 1]), RangeError, 'invalid argument. labels must be class indices: integers in [0, 3) for 3 classes. Value: `0.5` at row 0.');
  throwsMessage(() => crossEntropy(z, [0, -1]), RangeError, 'invalid argument. labels must be class indices: integers in [0, 3) for 3 classes. Value: `-1` at row 1.');
  throwsMessage(() => crossEntropy(z, bad([0, '1'])), RangeError, 'invalid argument. labels must be class indices: integers in [0, 3) for 3 classes. Value: `"1"` at row 1.');
  throwsMessage(() => crossEntropy(z, bad('0,1')), TypeError, 'invalid argument. labels must be a Tensor or an array of numbers. Value: `0,1`.');
  throwsMessage(() => crossEntropy(z, tensor([[0, 1]])), RangeError, 'invalid argument. labels must hold one label per row: shape [2] or [2, 1]. Value: shape `[1, 2]`.');
  throwsMessage(
    () => crossEntropy(z, tensor([0, 1], { requiresGrad: true })),
    TypeError,
    'invalid argument. labels must not require grad: class indices are data, and cross-entropy has no derivative with respect to them. Value: a Tensor with requiresGrad true. Pass labels.detach().',
  );
});

test('hinge: scores one per row, y of −1 and +1', () => {
  throwsMessage(() => hinge(tensor([[1, 2]]), [1]), RangeError, 'invalid argument. scores must hold one score per row: shape [n] or [n, 1]. Value: shape `[1, 2]`.');
  throwsMessage(() => hinge(tensor([1, 2]), [1, 0]), RangeError, 'invalid argument. y must be −1 or +1. Value: `0` at row 1.');
  throwsMessage(() => hinge(tensor([1, 2]), [1, 1, 1]), RangeError, 'invalid argument. y must hold one label per row (2). Value: an array of 3.');
  throwsMessage(() => hinge(bad(null), [1]), TypeError, 'invalid argument. scores must be a Tensor. Value: `null`.');
});

test('l2: a nonempty array of Tensors', () => {
  throwsMessage(() => l2([]), TypeError, 'invalid argument. params must be a nonempty array of Tensors. Value: ``.');
  throwsMessage(() => l2(tensor([1]) as never), TypeError, 'invalid argument. params must be a nonempty array of Tensors. Value: `tensor([1], shape=[1])`.');
  throwsMessage(() => l2([tensor([1]), bad(2)]), TypeError, 'invalid argument. params[1] must be a Tensor. Value: `2`.');
});

test('crossEntropy is stable for logits of ±1000: finite loss, softmax − onehot gradient, no NaN', () => {
  const z = tensor([[1000, -1000, 0], [-1000, 1000, 1000], [-1000, -1000, -1000]], { requiresGrad: true });
  const loss = crossEntropy(z, [1, 0, 2]);
  loss.backward();
  // row 0: 2000; row 1: 2000 + log 2; row 2: log 3 (independently: log Σ eˣ − x[label])
  assert.ok(Math.abs(loss.item() - (4000 + Math.log(2) + Math.log(3))) < 1e-9, String(loss.item()));
  const g = z.grad!.data;
  const expected = [1, -1, 0, -1, 0.5, 0.5, 1 / 3, 1 / 3, -2 / 3];
  for (let i = 0; i < 9; i++) assert.ok(Math.abs(g[i] - expected[i]) < 1e-15, `grad[${i}] = ${g[i]}`);
});

test('written out with exp and log, the same softmax overflows at 1000: why crossEntropy is fused', () => {
  const z = tensor([[1000, 0]]);
  const naive = z.exp().div(z.exp().sum(1, true)).log().mul(tensor([[1, 0]])).sum().neg();
  assert.ok(Number.isNaN(naive.item()));
  assert.is(crossEntropy(z, [0]).item(), 0);
});

test('the losses are sums over rows: twice the rows, twice the loss', () => {
  const z = tensor([[0.3, -1], [2, 0.5]]);
  const zz = tensor([[0.3, -1], [2, 0.5], [0.3, -1], [2, 0.5]]);
  assert.ok(Math.abs(crossEntropy(zz, [1, 0, 1, 0]).item() - 2 * crossEntropy(z, [1, 0]).item()) < 1e-15);
  assert.is(hinge(tensor([0.5, 0.5]), [1, 1]).item(), 1);
});

test('sigmoid and tanh saturate without overflow; their gradients are 0 there', () => {
  const x = tensor([-1e308, -1000, 1000, 1e308], { requiresGrad: true });
  const s = x.sigmoid();
  assert.equal(s.toArray(), [0, 0, 1, 1]);
  s.sum().backward();
  assert.equal(x.grad!.toArray(), [0, 0, 0, 0]);
  assert.equal(tensor([-1e308, 1e308]).tanh().toArray(), [-1, 1]);
});

test('PyTorch rule: a second backward through a freed crossEntropy or exp graph fails; retainGraph allows it', () => {
  const z = tensor([[1, 2]], { requiresGrad: true });
  const loss = crossEntropy(z, [1]);
  loss.backward();
  assert.throws(() => loss.backward(), /backward through the graph a second time: the first backward\(\) freed it \(at crossEntropy, shape \[\]\)/);
  const kept = z.exp().sum();
  kept.backward(undefined, { retainGraph: true });
  kept.backward();
  assert.throws(() => kept.backward(), /at exp, shape \[1, 2\]/);
});

test('under noGrad() the ops record nothing', () => {
  const z = tensor([[1, 2]], { requiresGrad: true });
  const out = noGrad(() => [crossEntropy(z, [0]), z.exp(), z.log(), z.tanh(), z.sigmoid(), hinge(z.T, [1, -1]), l2([z])]);
  for (const t of out) assert.is(t.requiresGrad, false);
});

test('explain() states the rule of each new op', () => {
  const x = tensor([[0.5, -1]], { requiresGrad: true, name: 'z' });
  const text = explain(x.sigmoid().exp().log().crossEntropy([1]).add(x.tanh().sum())).text;
  assert.match(text, '∂(sigmoid(z))/∂z = g * sigmoid(z)(1 − sigmoid(z))');
  assert.match(text, '= g * exp(sigmoid(z))');
  assert.match(text, '= g / exp(sigmoid(z))');
  assert.match(text, '∂(tanh(z))/∂z = g * (1 − tanh(z)²)');
  assert.match(text, 'g * (softmax(log(exp(sigmoid(z)))) − onehot(labels)), row by row');
});

test.run();
