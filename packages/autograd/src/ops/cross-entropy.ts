/**
 * Cross-entropy of softmax(logits) against integer class labels, with log-softmax and the negative
 * log-likelihood fused into one op: PyTorch's `F.cross_entropy(logits, labels, reduction='sum')`.
 *
 * Why fused: written out as `logits.exp()`, a division by the row sum and `log()`, a logit of 1000
 * overflows e^1000 to Infinity and the loss becomes NaN. Here each row is shifted by its maximum m
 * first, log Σ eˣ = m + log Σ e^(x − m), so every exponent is ≤ 0; and the backward is the closed form
 * softmax − onehot, which needs no division by a sum that may have underflowed.
 */
import { checkTensor, gradBuffer, makeResult } from '../op-node.js';
import { isGradEnabled } from '../grad-mode.js';
import { formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { alloc } from '../alloc.js';
import { checkLabels } from './labels.js';

const SCALAR: readonly number[] = Object.freeze([]);

/**
 * The **sum** over rows of `−log softmax(logits)[i, labels[i]]`, a scalar. It is a sum, not a mean, like
 * d2l's per-example losses summed before `backward()`: the trainer divides by the batch size (as d2l's
 * `sgd` does, and as a loss that is the mean over the batch would). Take `.div(n)` for the mean, which is
 * PyTorch's default `reduction='mean'`.
 *
 * Stable for logits of any finite size (±1000 included). The gradient with respect to the logits is
 * `g·(softmax(logits) − onehot(labels))`, row by row; labels get no gradient.
 *
 * @param logits - `[n, k]`: one row of k class scores per example (k ≥ 1)
 * @param labels - `n` class indices, integers in `[0, k)`: a Tensor of shape `[n]` or `[n, 1]`, or a number[]
 * @returns a scalar tensor (shape `[]`)
 *
 * @example
 * import { crossEntropy, tensor } from '@gradstream/autograd';
 * const logits = tensor([[2, 0, 0], [1000, -1000, 0]], { requiresGrad: true });
 * const loss = crossEntropy(logits, [0, 0]);
 * loss.backward();
 * console.log(loss.item().toFixed(6)); // 0.239545: −log(e²/(e² + 2)) + 0
 * console.log(logits.grad!.toArray()[1]); // [0, 0, 0]: softmax is onehot already
 */
export function crossEntropy(logits: Tensor, labels: Tensor | readonly number[]): Tensor {
  checkTensor(logits, 'logits');
  if (logits.shape.length !== 2 || logits.shape[1] < 1) {
    throw new RangeError(
      `invalid argument. logits must be a matrix [n, k] with one row of k ≥ 1 class scores per example. Value: shape \`${formatShape(logits.shape)}\`.`,
    );
  }
  const [n, k] = logits.shape;
  const y = checkLabels(labels, 'labels', n, `class indices: integers in [0, ${k}) for ${k} classes`, (v) => Number.isInteger(v) && v >= 0 && v < k);
  if (y.requiresGrad) {
    throw new TypeError(
      'invalid argument. labels must not require grad: class indices are data, and cross-entropy has no derivative with respect to them. Value: a Tensor with requiresGrad true. Pass labels.detach().',
    );
  }
  const X = logits.data;
  const L = y.data;
  const needs = logits.requiresGrad && isGradEnabled();
  // softmax, kept for the backward (only when a gradient will be asked for)
  const P = needs ? alloc(n * k) : null;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const row = i * k;
    let m = -Infinity;
    for (let j = 0; j < k; j++) if (X[row + j] > m) m = X[row + j];
    let s = 0;
    for (let j = 0; j < k; j++) s += Math.exp(X[row + j] - m);
    // log softmax[j] = (x[j] − m) − log Σ e^(x − m), in PyTorch's order: adding m back first would round
    // at the size of m (1e-13 for m = 1000) and leave that error in softmax and the loss.
    const logS = Math.log(s);
    total += logS - (X[row + L[i]] - m);
    if (P !== null) for (let j = 0; j < k; j++) P[row + j] = Math.exp(X[row + j] - m - logS);
  }
  const out = alloc(1);
  out[0] = total;
  const t = makeResult(out, SCALAR, 'crossEntropy', logits, y);
  if (t.requiresGrad && P !== null) {
    t._saves = true;
    t._backward = (g) => {
      const gl = gradBuffer(logits); // ∂l/∂x[i, j] = softmax[i, j] − [j = label i]
      const gi = g[0];
      for (let i = 0; i < P.length; i++) gl[i] += gi * P[i];
      for (let i = 0; i < n; i++) gl[i * k + L[i]] -= gi;
    };
  }
  return t;
}
