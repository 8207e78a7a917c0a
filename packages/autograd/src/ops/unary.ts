/**
 * neg, pow (number exponent) and relu: elementwise ops of one input, forward beside backward.
 */
import { checkTensor, gradBuffer, makeResult } from '../op-node.js';
import type { Tensor } from '../tensor.js';
import { alloc } from '../alloc.js';

/**
 * `−a`.
 * @example
 * import { tensor } from '@gradstream/autograd';
 * console.log(tensor([1, -2]).neg().toArray()); // [-1, 2]
 */
export function neg(a: Tensor): Tensor {
  checkTensor(a, 'a');
  const A = a.data;
  const out = alloc(A.length);
  for (let i = 0; i < A.length; i++) out[i] = -A[i];
  const t = makeResult(out, a.shape, 'neg', a);
  if (t.requiresGrad) {
    t._backward = (g) => {
      const ga = gradBuffer(a); // ∂(−a)/∂a = −1
      for (let i = 0; i < g.length; i++) ga[i] -= g[i];
    };
  }
  return t;
}

/**
 * `aᵏ` elementwise for a number k (the lesson's `(ŷ − y)²` is `pow(2)`).
 * @example
 * import { tensor } from '@gradstream/autograd';
 * const x = tensor([1, 2, 3], { requiresGrad: true });
 * x.pow(2).sum().backward();
 * console.log(x.grad!.toArray()); // [2, 4, 6]: ∂(x²)/∂x = 2x
 */
export function pow(a: Tensor, k: number): Tensor {
  checkTensor(a, 'a');
  if (typeof k !== 'number' || !Number.isFinite(k)) {
    throw new TypeError(`invalid argument. pow needs a finite number as its exponent. Value: \`${String(k)}\`.`);
  }
  const A = a.data;
  const out = alloc(A.length);
  if (k === 2) for (let i = 0; i < A.length; i++) out[i] = A[i] * A[i];
  else for (let i = 0; i < A.length; i++) out[i] = Math.pow(A[i], k);
  const t = makeResult(out, a.shape, 'pow', a);
  if (t.requiresGrad) {
    t._saves = true;
    t._meta = { k };
    t._backward = (g) => {
      const ga = gradBuffer(a); // ∂(aᵏ)/∂a = k·aᵏ⁻¹
      if (k === 2) for (let i = 0; i < g.length; i++) ga[i] += 2 * A[i] * g[i];
      else if (k !== 0) for (let i = 0; i < g.length; i++) ga[i] += k * Math.pow(A[i], k - 1) * g[i];
    };
  }
  return t;
}

/**
 * `max(a, 0)` elementwise. Its derivative at 0 is taken as 0, as in PyTorch.
 * @example
 * import { tensor } from '@gradstream/autograd';
 * console.log(tensor([-1, 0, 2]).relu().toArray()); // [0, 0, 2]
 */
export function relu(a: Tensor): Tensor {
  checkTensor(a, 'a');
  const A = a.data;
  const out = alloc(A.length);
  for (let i = 0; i < A.length; i++) out[i] = A[i] > 0 ? A[i] : 0;
  const t = makeResult(out, a.shape, 'relu', a);
  if (t.requiresGrad) {
    t._saves = true;
    t._backward = (g) => {
      const ga = gradBuffer(a); // ∂relu(a)/∂a = [a > 0]
      for (let i = 0; i < g.length; i++) if (A[i] > 0) ga[i] += g[i];
    };
  }
  return t;
}
