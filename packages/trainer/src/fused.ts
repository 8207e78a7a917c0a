/**
 * The fused engine: forward, loss and gradient of the linear model in two BLAS calls, no graph.
 *
 *   r = X·w + b − y          (dgemm, size×d · d×1; `b − y` added in the same pass that sums the loss)
 *   Σl = Σ r²/2
 *   ∂Σl/∂w = Xᵀ·r            (dgemm, d×size · size×1)
 *   ∂Σl/∂b = Σ r
 *
 * Buffers are allocated once for the largest batch seen (grown, never per step), and BLAS is told
 * the actual row count M instead of slicing views, so the per-step loop allocates nothing.
 */
import dgemm from '@stdlib/blas-base-dgemm';
import dgemv from '@stdlib/blas-base-dgemv';

/** Below this many features, matrix–vector products go through dgemv rather than dgemm (see the measurements at each use). */
const NARROW_FEATURES = 32;

export interface Engine {
  readonly name: 'fused' | 'autograd';
  /**
   * Forward and backward for one batch; writes ∂Σl/∂p into `gSum` and returns the batch's summed loss (Σ(ŷ − y)²/2 for the lesson).
   * @param X - size×d row-major features
   * @param y - size labels
   * @param p - parameters, flat in the model's order (for the lesson [w…, b]), read only
   * @param gSum - output, same length as p
   */
  forwardBackward(X: Float64Array, y: Float64Array, size: number, p: Float64Array, gSum: Float64Array): number;
  /** For a classifier: rows of the last batch classified correctly. */
  correct?: number;
}

/**
 * Creates the fused engine for `d` features.
 *
 * @example
 * import { createFusedEngine } from '@gradstream/trainer';
 * const e = createFusedEngine(1, 2);
 * const g = new Float64Array(2);
 * const lossSum = e.forwardBackward(new Float64Array([1, 2]), new Float64Array([1, 1]), 2, new Float64Array([1, 0]), g);
 * console.log(lossSum, g); // 0.5 Float64Array [ 2, 1 ]
 */
export function createFusedEngine(d: number, maxBatch = 1): Engine {
  let r = new Float64Array(Math.max(1, maxBatch));
  // X·w: w is passed as a d×1 column-major matrix (strides 1, d) so dgemm takes its ddot path
  // (contiguous rows of X against contiguous w) instead of the tiled loop.
  const wStride2 = Math.max(d, 2);
  // For a few features dgemv's inline dot loop costs less per call than dgemm's one ddot call per row
  // (measured here, per X·w: 10×2 0.15 µs vs 0.20 µs, 64×16 4.1 µs vs 5.2 µs); for wide rows
  // (256×256: 195 µs vs 123 µs) dgemm's ddot path wins. Same threshold as the evaluator below.
  const narrow = d < NARROW_FEATURES;
  return {
    name: 'fused',
    forwardBackward(X, y, size, p, gSum) {
      if (size > r.length) r = new Float64Array(size);
      if (narrow) dgemv.ndarray('no-transpose', size, d, 1.0, X, d, 1, 0, p, 1, 0, 0.0, r, 1, 0);
      else dgemm.ndarray('no-transpose', 'no-transpose', size, 1, d, 1.0, X, d, 1, 0, p, 1, wStride2, 0, 0.0, r, 1, 1, 0);
      const b = p[d];
      let lossSum = 0;
      let gb = 0;
      for (let i = 0; i < size; i++) {
        const ri = r[i] + b - y[i];
        r[i] = ri;
        lossSum += ri * ri;
        gb += ri;
      }
      // gSum[0..d) = Xᵀ·r: r as a size×1 column, X transposed in place through its strides.
      dgemm.ndarray('transpose', 'no-transpose', d, 1, size, 1.0, X, d, 1, 0, r, 1, size, 0, 0.0, gSum, 1, 1, 0);
      gSum[d] = gb;
      return lossSum / 2;
    },
  };
}

/**
 * Mean of (X·w + b − y)²/2 over n rows, with a buffer allocated once: d2l's `loss(net(X, w, b), y).mean()`.
 *
 * @example
 * import { createEvaluator } from '@gradstream/trainer';
 * const mse = createEvaluator(new Float64Array([1, 2]), new Float64Array([1, 1]), 2, 1);
 * console.log(mse(new Float64Array([1, 0]))); // 0.25
 */
export function createEvaluator(X: Float64Array, y: Float64Array, n: number, d: number): (p: Float64Array) => number {
  const r = new Float64Array(Math.max(1, n));
  const wStride2 = Math.max(d, 2);
  // Measured here (bench notes in README): for a few features dgemv's inline dot loop beats dgemm's
  // one ddot call per row (1000×2: ~18 µs vs ~35 µs); for wide rows dgemm's ddot path wins.
  const narrow = d < NARROW_FEATURES;
  return (p) => {
    if (narrow) dgemv.ndarray('no-transpose', n, d, 1.0, X, d, 1, 0, p, 1, 0, 0.0, r, 1, 0);
    else dgemm.ndarray('no-transpose', 'no-transpose', n, 1, d, 1.0, X, d, 1, 0, p, 1, wStride2, 0, 0.0, r, 1, 1, 0);
    const b = p[d];
    let s = 0;
    for (let i = 0; i < n; i++) {
      const ri = r[i] + b - y[i];
      s += ri * ri;
    }
    return s / 2 / n;
  };
}
