/**
 * The least-squares optimum of the linear model on an in-memory dataset, by the normal equations
 *
 *   [XᵀX  Xᵀ1] [w]   [Xᵀy]
 *   [1ᵀX   n ] [b] = [Σy ]
 *
 * with XᵀX and Xᵀy through dgemm and the (d+1)×(d+1) system solved by Cholesky. Training can only
 * approach this loss, so `loss − optimum.loss` (the gap) tells how far the run still is from done.
 */
import dgemm from '@stdlib/blas-base-dgemm';
import { createEvaluator } from './fused.js';

export interface Optimum {
  w: number[];
  b: number;
  /** Mean of (ŷ − y)²/2 at the optimum. */
  loss: number;
}

/**
 * Solves the normal equations; `undefined` when the system is singular (e.g. n ≤ d or a constant column).
 * `evaluate` (the mean loss at given parameters) may be passed in to reuse an existing evaluator's buffer.
 * @param X - n×d row-major features
 * @param y - n labels
 *
 * @example
 * import { leastSquares } from '@gradstream/trainer';
 * const X = new Float64Array([0, 1, 2, 3]);               // 4×1
 * const y = new Float64Array([1, 3, 5, 7]);               // y = 2x + 1
 * console.log(leastSquares(X, y, 4, 1));                  // { w: [ 2 ], b: 1, loss: 0 } (up to rounding)
 */
export function leastSquares(
  X: Float64Array,
  y: Float64Array,
  n: number,
  d: number,
  evaluate: (p: Float64Array) => number = createEvaluator(X, y, n, d),
): Optimum | undefined {
  const m = d + 1;
  const xtx = new Float64Array(d * d);
  dgemm.ndarray('transpose', 'no-transpose', d, d, n, 1.0, X, d, 1, 0, X, d, 1, 0, 0.0, xtx, d, 1, 0);
  const xty = new Float64Array(d);
  dgemm.ndarray('transpose', 'no-transpose', d, 1, n, 1.0, X, d, 1, 0, y, 1, n, 0, 0.0, xty, 1, 1, 0);
  const colSum = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) colSum[j] += X[i * d + j];
  let ySum = 0;
  for (let i = 0; i < n; i++) ySum += y[i];

  const A = new Float64Array(m * m);
  const rhs = new Float64Array(m);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) A[i * m + j] = xtx[i * d + j];
    A[i * m + d] = colSum[i];
    A[d * m + i] = colSum[i];
    rhs[i] = xty[i];
  }
  A[d * m + d] = n;
  rhs[d] = ySum;

  const sol = choleskySolve(A, rhs, m);
  if (!sol) return undefined;
  const p = Float64Array.from(sol);
  const loss = evaluate(p);
  return { w: Array.from(sol.subarray(0, d)), b: sol[d], loss };
}

/** Solves A·x = rhs for symmetric positive definite A (m×m row-major); undefined if not positive definite. */
function choleskySolve(A: Float64Array, rhs: Float64Array, m: number): Float64Array | undefined {
  const L = new Float64Array(m * m);
  // Relative threshold: a pivot this small against the diagonal's scale means a (numerically) singular system.
  let scale = 0;
  for (let i = 0; i < m; i++) scale = Math.max(scale, Math.abs(A[i * m + i]));
  for (let j = 0; j < m; j++) {
    let s = A[j * m + j];
    for (let k = 0; k < j; k++) s -= L[j * m + k] * L[j * m + k];
    if (!(s > scale * 1e-13)) return undefined;
    const ljj = Math.sqrt(s);
    L[j * m + j] = ljj;
    for (let i = j + 1; i < m; i++) {
      let t = A[i * m + j];
      for (let k = 0; k < j; k++) t -= L[i * m + k] * L[j * m + k];
      L[i * m + j] = t / ljj;
    }
  }
  const z = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let t = rhs[i];
    for (let k = 0; k < i; k++) t -= L[i * m + k] * z[k];
    z[i] = t / L[i * m + i];
  }
  const x = new Float64Array(m);
  for (let i = m - 1; i >= 0; i--) {
    let t = z[i];
    for (let k = i + 1; k < m; k++) t -= L[k * m + i] * x[k];
    x[i] = t / L[i * m + i];
  }
  return x;
}
