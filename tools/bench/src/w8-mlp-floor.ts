/**
 * W8's floor: micrograd's moons MLP (d-h1-h2-1, ReLU, hinge + L2) trained by hand on Float64Arrays — shuffle,
 * gather, forward, hinge, backward, SGD — written for exactly this architecture, with every buffer allocated
 * before the first step and no library between the numbers and the loops. Parameters are one flat vector in
 * gradstream's order [W1, b1, W2, b2, W3, b3], W_i of shape [in, out] (X·W + b).
 *
 * SGD on the batch's loss mean(max(0, 1 − y·s)) + l2·Σp²: p ← p − lr·(∂mean/∂p + 2·l2·p).
 *
 * @example
 * import { moons } from '@gradstream/data';
 * import { trainMlpByHand } from './w8-mlp-floor.js';
 * const ds = moons({ n: 100, noise: 0.1, seed: 1, labels: 'pm1' });
 * const p0 = new Float64Array(2 * 16 + 16 + 16 * 16 + 16 + 16 + 1).map((_, i) => Math.sin(i + 1) / 4);
 * console.log(trainMlpByHand(ds, { sizes: [2, 16, 16, 1], l2: 1e-4, batchSize: 10, lr: 0.1, epochs: 5, seed: 1 }, p0).lastLoss);
 */
import { epochOrder, type Dataset } from '@gradstream/data';

export interface MlpRunOptions {
  /** [d, h1, h2, 1] */
  sizes: readonly [number, number, number, number];
  l2: number;
  batchSize: number;
  lr: number;
  epochs: number;
  seed: number;
}

/** Copies the rows order[start], …, order[start + m − 1] of X (d features a row) and y into xb and yb. */
export function gatherRows(X: Float64Array, y: Float64Array, d: number, order: Uint32Array, start: number, m: number, xb: Float64Array | Float32Array, yb: Float64Array | Float32Array): void {
  for (let i = 0; i < m; i++) {
    const row = order[start + i];
    for (let j = 0; j < d; j++) xb[i * d + j] = X[row * d + j];
    yb[i] = y[row];
  }
}

/** Z (m×n) = relu?(A (m×k) · W (k×n at w in p) + b (at bias)). */
function layer(A: Float64Array, m: number, k: number, n: number, p: Float64Array, w: number, bias: number, Z: Float64Array, relu: boolean): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = p[bias + j];
      for (let q = 0; q < k; q++) s += A[i * k + q] * p[w + q * n + j];
      Z[i * n + j] = relu && s < 0 ? 0 : s;
    }
  }
}

/** g[W] += Aᵀ·D, g[b] += Σ rows D; and, when `back` is given, back (m×k) = (D·Wᵀ) ⊙ [A > 0]. */
function layerBack(A: Float64Array, D: Float64Array, m: number, k: number, n: number, p: Float64Array, g: Float64Array, w: number, bias: number, back?: Float64Array): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const dij = D[i * n + j];
      g[bias + j] += dij;
      for (let q = 0; q < k; q++) g[w + q * n + j] += A[i * k + q] * dij;
    }
    if (back) {
      for (let q = 0; q < k; q++) {
        let s = 0;
        if (A[i * k + q] > 0) for (let j = 0; j < n; j++) s += D[i * n + j] * p[w + q * n + j];
        back[i * k + q] = s;
      }
    }
  }
}

/** Trains from `p0` (copied); returns the final parameters and the last step's loss (before its update). */
export function trainMlpByHand(ds: Dataset, { sizes, l2, batchSize, lr, epochs, seed }: MlpRunOptions, p0: Float64Array) {
  const { n, X, y } = ds;
  const [d, h1, h2] = sizes;
  const w1 = 0;
  const b1 = d * h1;
  const w2 = b1 + h1;
  const b2 = w2 + h1 * h2;
  const w3 = b2 + h2;
  const b3 = w3 + h2;
  const p = Float64Array.from(p0);
  const g = new Float64Array(p.length);
  const xb = new Float64Array(batchSize * d);
  const yb = new Float64Array(batchSize);
  const a1 = new Float64Array(batchSize * h1);
  const a2 = new Float64Array(batchSize * h2);
  const s = new Float64Array(batchSize);
  const d1 = new Float64Array(batchSize * h1);
  const d2 = new Float64Array(batchSize * h2);
  let lastLoss = NaN;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const order = epochOrder(n, seed, epoch);
    for (let start = 0; start < n; start += batchSize) {
      const m = Math.min(batchSize, n - start);
      gatherRows(X, y, d, order, start, m, xb, yb);
      layer(xb, m, d, h1, p, w1, b1, a1, true);
      layer(a1, m, h1, h2, p, w2, b2, a2, true);
      layer(a2, m, h2, 1, p, w3, b3, s, false);
      // Hinge, mean over the batch: ∂/∂s = −y/m where the margin is violated.
      let loss = 0;
      for (let i = 0; i < m; i++) {
        const margin = 1 - yb[i] * s[i];
        loss += margin > 0 ? margin : 0;
        s[i] = margin > 0 ? -yb[i] / m : 0;
      }
      let sq = 0;
      for (let q = 0; q < p.length; q++) sq += p[q] * p[q];
      lastLoss = loss / m + l2 * sq;
      g.fill(0);
      layerBack(a2, s, m, h2, 1, p, g, w3, b3, d2);
      layerBack(a1, d2, m, h1, h2, p, g, w2, b2, d1);
      layerBack(xb, d1, m, d, h1, p, g, w1, b1);
      for (let q = 0; q < p.length; q++) p[q] -= lr * (g[q] + 2 * l2 * p[q]);
    }
  }
  return { p, lastLoss };
}
