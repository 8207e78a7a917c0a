// PyTorch's rules, each with a message that says what went wrong and what to do.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { grad, noGrad, tensor } from '../src/index.js';

function throwsMessage(fn: () => unknown, message: string): void {
  try {
    fn();
  } catch (e) {
    assert.is((e as Error).message, message);
    return;
  }
  assert.unreachable(`expected an error: ${message}`);
}

test('backward() on a non-scalar without a gradient argument', () => {
  const yHat = tensor([[1], [2]], { requiresGrad: true }).mul(2);
  throwsMessage(
    () => yHat.backward(),
    'invalid invocation. backward() needs a gradient argument unless the tensor is a scalar (one element); PyTorch says "grad can be implicitly created only for scalar outputs". Value: shape `[2, 1]`. Reduce it first, as d2l does with l.sum().backward(), or pass a gradient of the same shape: backward(ones([2,1])).',
  );
});

test('a second backward through a freed graph; nothing is accumulated by the failed call', () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const l = x.mul(x).sum();
  l.backward();
  throwsMessage(
    () => l.backward(),
    'invalid invocation. Trying to backward through the graph a second time: the first backward() freed it (at mul, shape [2]). Pass { retainGraph: true } to the first backward() if you need to go through the graph again, or run the forward pass again to build a new graph.',
  );
  assert.equal(x.grad!.toArray(), [2, 4]);
  // a new graph from the same leaf is fine
  x.mul(x).sum().backward();
  assert.equal(x.grad!.toArray(), [4, 8]);
});

test('a graph freed by grad() cannot be walked by backward() either', () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const l = x.mul(x).sum();
  grad(l, [x]);
  assert.throws(() => l.backward(), /Trying to backward through the graph a second time/);
});

test('an in-place update of a leaf that requires grad, outside noGrad', () => {
  const w = tensor([[1], [2]], { requiresGrad: true, name: 'w' });
  throwsMessage(
    () => w.sub_(0.1),
    'invalid invocation. A leaf tensor that requires grad cannot be updated in place while gradients are being recorded (w, shape [2, 1], sub_); PyTorch says "a leaf Variable that requires grad is being used in an in-place operation". Do the update inside noGrad(() => …), as d2l does with `with torch.no_grad():`.',
  );
  assert.equal(w.toArray(), [[1], [2]]);
  noGrad(() => w.sub_(0.5));
  assert.equal(w.toArray(), [[0.5], [1.5]]);
});

test('in-place ops on graph nodes are refused while recording', () => {
  const h = tensor([1], { requiresGrad: true }).mul(2);
  throwsMessage(
    () => h.zero_(),
    'invalid invocation. zero_ on a tensor that is part of a recorded graph is not supported (shape [1]). Use the out-of-place op (zero) to build the graph, or do the update inside noGrad(() => …).',
  );
});

test('backward after a parameter was updated in place (its saved value changed)', () => {
  const X = tensor([[1, 2]]);
  const w = tensor([[1], [1]], { requiresGrad: true, name: 'w' });
  const l = w.matmul(tensor([[3, 4]])).sum(); // w is saved by matmul for ∂/∂(right operand)
  noGrad(() => w.mul_(2));
  throwsMessage(
    () => l.backward(),
    'invalid invocation. A tensor needed for gradient computation has been modified by an in-place operation since the forward pass (w, shape [2, 1], used by matmul). Its backward would use the new values and give a wrong gradient. Call backward() before updating the tensor, or run the forward pass again after the update.',
  );
  assert.is(w.grad, null);
  void X;
});

test('backward() on a tensor that does not require grad (e.g. a loss built inside noGrad)', () => {
  const w = tensor([1, 2], { requiresGrad: true });
  const l = noGrad(() => w.mul(w).sum());
  throwsMessage(
    () => l.backward(),
    'invalid invocation. backward() was called on a tensor that does not require grad, so there is no graph to go back through (shape []). Create the parameters with { requiresGrad: true } and compute the loss outside noGrad().',
  );
});

test('gradient argument of the wrong shape', () => {
  const y = tensor([1, 2], { requiresGrad: true }).mul(2);
  throwsMessage(
    () => y.backward(tensor([1, 2, 3])),
    'invalid argument. gradient must be a Tensor with the shape of the tensor it is the gradient of ([2]). Value: `[3]`.',
  );
});

test('shape errors at the op boundary name the op, the rule and the shapes', () => {
  throwsMessage(
    () => tensor([[1, 2, 3]]).matmul(tensor([1, 2])),
    'invalid arguments. matmul needs the columns of the left operand to equal the rows of the right one (3 ≠ 2). Value: `[1, 3]` · `[2]`.',
  );
  throwsMessage(
    () => tensor([1, 2, 3]).add(tensor([1, 2])),
    'invalid arguments. add needs shapes that broadcast: trailing dimensions must be equal or 1. Value: `[3]` and `[2]`.',
  );
  throwsMessage(
    () => tensor([1, 2, 3]).reshape([2, -1]),
    'invalid argument. reshape cannot infer the -1 entry (tensor of shape [3], 3 elements). Value: `[2, -1]`.',
  );
  throwsMessage(() => tensor([[1, 2]]).sum(2), 'invalid argument. sum axis must be an integer in [-2, 1] for a tensor of shape [1, 2]. Value: `2`.');
  throwsMessage(() => tensor([1, 2]).item(), 'invalid invocation. item() needs a tensor with exactly one element. Value: shape `[2]`.');
  throwsMessage(() => tensor([[1, 2], [3]]), 'invalid argument. data must have rows of equal length (row 0 has 2). Value: row 1 `[3]`.');
  throwsMessage(() => tensor([1, 2, 3], { shape: [2, 2] }), 'invalid argument. shape must hold as many elements as data (3). Value: `[2, 2]`.');
  throwsMessage(
    () => noGrad(() => tensor([[1], [2]]).sub_(tensor([1, 2, 3]))),
    'invalid argument. sub_ needs a right operand that broadcasts to the shape of the tensor it updates ([2, 1]). Value: `[3]`.',
  );
  throwsMessage(
    () => noGrad(() => tensor([1]).add_(tensor([1, 2]))),
    'invalid argument. add_ needs a right operand that broadcasts to the shape of the tensor it updates ([1]). Value: `[2]`.',
  );
});

test('a view or a detached alias shares the version: updating it in place also invalidates the graph', () => {
  const w = tensor([1, 2], { requiresGrad: true, name: 'w' });
  const l1 = w.mul(w).sum();
  noGrad(() => w.view([2, 1]).mul_(2));
  assert.throws(() => l1.backward(), /modified by an in-place operation since the forward pass \(w, shape \[2\], used by mul\)/);
  const l2 = w.mul(w).sum();
  w.detach().add_(1);
  assert.throws(() => l2.backward(), /modified by an in-place operation/);
  const l3 = w.mul(w).sum();
  l3.backward();
  assert.equal(w.grad!.toArray(), [6, 10]);
});

test('the in-place error names the input that changed, not one updated before the forward pass', () => {
  const w = tensor([[1], [1]], { requiresGrad: true, name: 'w' });
  const b = tensor([0], { requiresGrad: true, name: 'b' });
  noGrad(() => { w.sub_(0.1); w.sub_(0.1); }); // earlier optimizer steps: w is at version 2
  const l = tensor([[1, 2]]).matmul(w).mul(b).sum(); // mul saves b
  noGrad(() => b.add_(1));
  assert.throws(() => l.backward(), /\(b, shape \[1\], used by mul\)/);
});

test('as in PyTorch, a second backward through ops that saved no tensors (add, sum, times a number) works', () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const y = tensor([3, 4], { requiresGrad: true });
  const l = x.add(y).mul(3).sum();
  l.backward();
  l.backward();
  assert.equal(x.grad!.toArray(), [6, 6]);
  const m = x.pow(2).add(y).sum(); // pow saves x
  m.backward();
  assert.throws(() => m.backward(), /\(at pow, shape \[2\]\)/);
});

test.run();
