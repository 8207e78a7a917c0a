/**
 * tanh and sigmoid, the smooth hidden activations of d2l 4.2's MLP (and sigmoid: logistic regression's
 * link). Both backward rules are written in terms of the output, which the op keeps.
 */
import { checkTensor, gradBuffer, makeResult } from '../op-node.js';
import type { Tensor } from '../tensor.js';
import { alloc } from '../alloc.js';

/**
 * `tanh(a)` elementwise (saturates to ±1 without overflow for any finite input).
 *
 * @param a - any shape
 * @returns a tensor of `a`'s shape, entries in [−1, 1]
 *
 * @example
 * import { tensor } from '@gradstream/autograd';
 * const x = tensor([0, 1000], { requiresGrad: true });
 * const y = x.tanh();
 * y.sum().backward();
 * console.log(y.toArray(), x.grad!.toArray()); // [0, 1] [1, 0]: ∂tanh/∂x = 1 − tanh²
 */
export function tanh(a: Tensor): Tensor {
  checkTensor(a, 'a');
  const A = a.data;
  const out = alloc(A.length);
  for (let i = 0; i < A.length; i++) out[i] = Math.tanh(A[i]);
  const t = makeResult(out, a.shape, 'tanh', a);
  if (t.requiresGrad) {
    t._saves = true;
    t._backward = (g) => {
      const ga = gradBuffer(a); // ∂tanh(a)/∂a = 1 − tanh(a)²
      for (let i = 0; i < g.length; i++) ga[i] += g[i] * (1 - out[i] * out[i]);
    };
  }
  return t;
}

/**
 * The logistic function `1 / (1 + e⁻ᵃ)` elementwise, computed without overflow for any finite input:
 * for a < 0 as `eᵃ / (1 + eᵃ)`, so e⁻ᵃ is never formed (e^1000 is Infinity). sigmoid(−1000) is 0 and
 * sigmoid(1000) is 1, with gradient 0, as in PyTorch.
 *
 * @param a - any shape
 * @returns a tensor of `a`'s shape, entries in [0, 1]
 *
 * @example
 * import { tensor } from '@gradstream/autograd';
 * const x = tensor([0, -1000, 1000], { requiresGrad: true });
 * const s = x.sigmoid();
 * s.sum().backward();
 * console.log(s.toArray(), x.grad!.toArray()); // [0.5, 0, 1] [0.25, 0, 0]: ∂σ/∂x = σ(1 − σ)
 */
export function sigmoid(a: Tensor): Tensor {
  checkTensor(a, 'a');
  const A = a.data;
  const out = alloc(A.length);
  for (let i = 0; i < A.length; i++) {
    const v = A[i];
    if (v >= 0) out[i] = 1 / (1 + Math.exp(-v));
    else {
      const e = Math.exp(v);
      out[i] = e / (1 + e);
    }
  }
  const t = makeResult(out, a.shape, 'sigmoid', a);
  if (t.requiresGrad) {
    t._saves = true;
    t._backward = (g) => {
      const ga = gradBuffer(a); // ∂σ(a)/∂a = σ(a)·(1 − σ(a))
      for (let i = 0; i < g.length; i++) ga[i] += g[i] * out[i] * (1 - out[i]);
    };
  }
  return t;
}
