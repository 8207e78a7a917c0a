/**
 * exp and log, elementwise, forward beside backward. They are what softmax and cross-entropy are made
 * of when a learner writes them out by hand (d2l 3.6 does, before it fuses them).
 */
import { checkTensor, gradBuffer, makeResult } from '../op-node.js';
import type { Tensor } from '../tensor.js';
import { alloc } from '../alloc.js';

/**
 * `eᵃ` elementwise. Large entries overflow to Infinity, as in PyTorch (e^710 does not fit a float64);
 * softmax and cross-entropy avoid that by subtracting the row maximum first, so use crossEntropy().
 *
 * @param a - any shape
 * @returns a tensor of `a`'s shape
 *
 * @example
 * import { tensor } from '@gradstream/autograd';
 * const x = tensor([0, 1], { requiresGrad: true });
 * x.exp().sum().backward();
 * console.log(x.grad!.toArray()); // [1, 2.718281828459045]: ∂eˣ/∂x = eˣ
 */
export function exp(a: Tensor): Tensor {
  checkTensor(a, 'a');
  const A = a.data;
  const out = alloc(A.length);
  for (let i = 0; i < A.length; i++) out[i] = Math.exp(A[i]);
  const t = makeResult(out, a.shape, 'exp', a);
  if (t.requiresGrad) {
    t._saves = true; // PyTorch saves the result; a freed graph cannot be walked again
    t._backward = (g) => {
      const ga = gradBuffer(a); // ∂eᵃ/∂a = eᵃ, the output itself
      for (let i = 0; i < g.length; i++) ga[i] += g[i] * out[i];
    };
  }
  return t;
}

/**
 * Natural logarithm, elementwise. `log(0)` is −Infinity, as in PyTorch; a negative entry is an error
 * here (PyTorch returns NaN, which would surface many steps later as a NaN loss).
 *
 * @param a - any shape, entries ≥ 0
 * @returns a tensor of `a`'s shape
 *
 * @example
 * import { tensor } from '@gradstream/autograd';
 * const x = tensor([1, 4], { requiresGrad: true });
 * x.log().sum().backward();
 * console.log(x.grad!.toArray()); // [1, 0.25]: ∂log(x)/∂x = 1/x
 */
export function log(a: Tensor): Tensor {
  checkTensor(a, 'a');
  const A = a.data;
  const out = alloc(A.length);
  for (let i = 0; i < A.length; i++) {
    const v = A[i];
    if (v < 0) {
      throw new RangeError(
        `invalid argument. log needs entries ≥ 0 (the log of a negative number is NaN). Value: \`${String(v)}\` at index ${i}.`,
      );
    }
    out[i] = Math.log(v);
  }
  const t = makeResult(out, a.shape, 'log', a);
  if (t.requiresGrad) {
    t._saves = true;
    t._backward = (g) => {
      const ga = gradBuffer(a); // ∂log(a)/∂a = 1/a
      for (let i = 0; i < g.length; i++) ga[i] += g[i] / A[i];
    };
  }
  return t;
}
