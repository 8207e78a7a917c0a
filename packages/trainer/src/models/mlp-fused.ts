/**
 * The MLP's fused engine: forward, loss and backward of any `sizes`/activation/loss/l2 in plain loops over
 * Float64Arrays allocated once (grown only when a larger batch comes), no graph and no allocation per step.
 * It computes what `mlp().loss` + `.backward()` compute, op for op, in the same order where that is free:
 *
 *   forward   Z_i = H_{i−1}·W_i + b_i,  H_i = act(Z_i) (hidden layers), H_0 = X
 *   head      Σ rows of the loss on Z_L, and ∂/∂Z_L (squared r; hinge −y on violated margins; cross-entropy and
 *             logistic softmax − onehot, shifted by the row max so logits of ±1000 stay finite)
 *   backward  ∂W_i = H_{i−1}ᵀ·Δ_i,  ∂b_i = Σ rows Δ_i,  Δ_{i−1} = (Δ_i·W_iᵀ) ⊙ act′   (+ 2·size·l2·p)
 *
 * Matmuls are plain loops, not @stdlib/blas dgemm. Measured here (2026-12-07, load 11–14 on 2 cores, CPU time,
 * medians of 50 alternating rounds) for the 8 products of a 2-16-16-1 step: batch 10 plain 25.1 µs, dgemm 27.7 µs;
 * batch 100 plain 253 µs, dgemm 250 µs. A tie at best for dgemm at these widths, so the loops stay: they sum in
 * autograd's order (k ascending, then + b), call nothing, and need no stride bookkeeping. Each entry is summed in
 * a local (not accumulated in the output array) and ReLU's zeroed rows are skipped in the backward: the whole
 * engine step went from 25.4 to 19.1 µs CPU at batch 10 (248 → 185 µs at batch 100), with bit-identical numbers.
 */
import type { Engine } from '../fused.js';
import { correctRows, lossHead } from './loss-heads.js';
import type { ActivationName } from './mlp.js';
import type { ModelSpec } from '@gradstream/events';

type Activation = ActivationName | null;

/** The loss and its gradient ∂/∂Z for the output rows `Z` (size×k), written into `dZ`; returns the summed loss. */
function headLoss(loss: ModelSpec['loss'], Z: Float64Array, y: Float64Array, size: number, k: number, dZ: Float64Array): number {
  let total = 0;
  if (loss === 'squared') {
    for (let i = 0; i < size; i++) {
      const r = Z[i] - y[i];
      total += (r * r) / 2;
      dZ[i] = r;
    }
  } else if (loss === 'hinge') {
    // relu(1 − y·z): its gradient −y where the margin is violated, 0 at the kink (as autograd's relu).
    for (let i = 0; i < size; i++) {
      const m = 1 - y[i] * Z[i];
      total += m > 0 ? m : 0;
      dZ[i] = m > 0 ? -y[i] : 0;
    }
  } else if (loss === 'logistic') {
    // Cross-entropy of the two logits [0, z]: ∂/∂z = softmax₁ − [y = 1].
    for (let i = 0; i < size; i++) {
      const z = Z[i];
      const m = z > 0 ? z : 0;
      const logS = Math.log(Math.exp(0 - m) + Math.exp(z - m));
      total += logS - ((y[i] === 1 ? z : 0) - m);
      dZ[i] = Math.exp(z - m - logS) - (y[i] === 1 ? 1 : 0);
    }
  } else {
    for (let i = 0; i < size; i++) total += softmaxRow(Z, i * k, k, y[i], dZ);
  }
  return total;
}

/** One row's cross-entropy from `at` (k logits), as autograd's `crossEntropy`: its loss, and softmax − onehot into dZ. */
function softmaxRow(Z: Float64Array, at: number, k: number, label: number, dZ: Float64Array): number {
  let m = -Infinity;
  for (let j = 0; j < k; j++) if (Z[at + j] > m) m = Z[at + j];
  let s = 0;
  for (let j = 0; j < k; j++) s += Math.exp(Z[at + j] - m);
  const logS = Math.log(s);
  for (let j = 0; j < k; j++) dZ[at + j] = Math.exp(Z[at + j] - m - logS);
  dZ[at + label] -= 1;
  return logS - (Z[at + label] - m);
}

/** Z (size×n) = H (size×m) · W (m×n, at wAt in p) + b (at bAt), summing over m in order before adding b. */
function affine(H: Float64Array, size: number, m: number, n: number, p: Float64Array, wAt: number, bAt: number, Z: Float64Array): void {
  for (let i = 0; i < size; i++) {
    const hi = i * m;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < m; k++) s += H[hi + k] * p[wAt + k * n + j];
      Z[i * n + j] = s + p[bAt + j];
    }
  }
}

/** The hidden activation in place over `count` entries (sigmoid as autograd computes it: no e^(−a) for a < 0). */
function activate(act: Activation, Z: Float64Array, count: number): void {
  if (act === 'relu') for (let i = 0; i < count; i++) Z[i] = Z[i] > 0 ? Z[i] : 0;
  else if (act === 'tanh') for (let i = 0; i < count; i++) Z[i] = Math.tanh(Z[i]);
  else if (act === 'sigmoid') {
    for (let i = 0; i < count; i++) {
      const v = Z[i];
      if (v >= 0) Z[i] = 1 / (1 + Math.exp(-v));
      else {
        const e = Math.exp(v);
        Z[i] = e / (1 + e);
      }
    }
  }
}

/** D ⊙= act′ for tanh and sigmoid, written in terms of the activation's output O (relu's mask is applied in backThrough). */
function activationGrad(act: Activation, O: Float64Array, D: Float64Array, count: number): void {
  if (act === 'tanh') for (let i = 0; i < count; i++) D[i] = D[i] * (1 - O[i] * O[i]);
  else if (act === 'sigmoid') for (let i = 0; i < count; i++) D[i] = D[i] * O[i] * (1 - O[i]);
}

/** ∂W (m×n, at wAt in g) = Hᵀ·D and ∂b (at bAt) = Σ rows D, overwriting g's entries. */
function layerGrad(H: Float64Array, D: Float64Array, size: number, m: number, n: number, g: Float64Array, wAt: number, bAt: number): void {
  for (let k = 0; k < m; k++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = 0; i < size; i++) s += H[i * m + k] * D[i * n + j];
      g[wAt + k * n + j] = s;
    }
  }
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < size; i++) s += D[i * n + j];
    g[bAt + j] = s;
  }
}

/** out (size×m) = D (size×n) · Wᵀ, W being m×n at wAt in p; with `relu` (the layer's ReLU output), only where it is > 0. */
function backThrough(D: Float64Array, size: number, m: number, n: number, p: Float64Array, wAt: number, out: Float64Array, relu: Float64Array | null): void {
  for (let i = 0; i < size; i++) {
    const di = i * n;
    for (let k = 0; k < m; k++) {
      let s = 0;
      if (relu === null || relu[i * m + k] > 0) {
        const wk = wAt + k * n;
        for (let j = 0; j < n; j++) s += D[di + j] * p[wk + j];
      }
      out[i * m + k] = s;
    }
  }
}

/** size·l2·Σ p² added to the loss (Σ p² per tensor, as `l2()` sums), and 2·size·l2·p to the gradient. `ends`: each tensor's end in p. */
function penalty(l2: number, size: number, ends: readonly number[], p: Float64Array, g: Float64Array): number {
  const c = l2 * size;
  let total = 0;
  let at = 0;
  for (const end of ends) {
    let s = 0;
    for (; at < end; at++) {
      s += p[at] * p[at];
      g[at] += 2 * p[at] * c;
    }
    total += s;
  }
  return total * c;
}

/**
 * The fused engine of an MLP spec (what `mlp(…).fused` returns): its summed loss and ∂(summed loss)/∂p, and
 * `correct` for classifiers, equal to the autograd engine's within 1e-12.
 *
 * @example
 * import { mlp } from '@gradstream/trainer';
 * import { createMlpEngine } from './mlp-fused.js';
 * const model = mlp({ sizes: [2, 3, 1], activation: 'relu', loss: 'hinge', l2: 1e-4 });
 * const engine = createMlpEngine(model.spec!, 2);
 * const g = new Float64Array(model.spec!.size);
 * const loss = engine.forwardBackward(new Float64Array([1, 2, -1, 0]), new Float64Array([1, -1]), 2, model.init!(1), g);
 * console.log(loss > 0, engine.correct! <= 2, g.length); // true true 13
 */
export function createMlpEngine(spec: Pick<ModelSpec, 'sizes' | 'activation' | 'loss' | 'l2'>, maxBatch = 1): Engine {
  const { sizes, activation, loss, l2 } = spec;
  const layers = sizes.length - 1;
  const head = lossHead(loss);
  const k = sizes[layers];
  // Where each W_i and b_i starts in p, and where each tensor ends (for the penalty).
  const wAt: number[] = [];
  const bAt: number[] = [];
  const ends: number[] = [];
  for (let i = 0, at = 0; i < layers; i++) {
    wAt.push(at);
    bAt.push(at + sizes[i] * sizes[i + 1]);
    at += sizes[i] * sizes[i + 1] + sizes[i + 1];
    ends.push(bAt[i], at);
  }
  const widest = Math.max(...sizes.slice(1));
  let rows = 0;
  let outs: Float64Array[] = [];
  let delta = new Float64Array(0);
  let back = new Float64Array(0);
  const grow = (size: number) => {
    rows = Math.max(1, size);
    outs = sizes.slice(1).map((n) => new Float64Array(rows * n));
    delta = new Float64Array(rows * widest);
    back = new Float64Array(rows * widest);
  };
  grow(maxBatch);
  const engine: Engine = {
    name: 'fused',
    forwardBackward(X, y, size, p, gSum) {
      if (size > rows) grow(size);
      let H = X;
      for (let i = 0; i < layers; i++) {
        affine(H, size, sizes[i], sizes[i + 1], p, wAt[i], bAt[i], outs[i]);
        if (i < layers - 1) activate(activation, outs[i], size * sizes[i + 1]);
        H = outs[i];
      }
      let total = headLoss(loss, outs[layers - 1], y, size, k, delta);
      if (head.predict) engine.correct = correctRows(head, outs[layers - 1], k, y, size);
      let D = delta;
      for (let i = layers - 1; i >= 0; i--) {
        const m = sizes[i];
        const n = sizes[i + 1];
        layerGrad(i === 0 ? X : outs[i - 1], D, size, m, n, gSum, wAt[i], bAt[i]);
        if (i === 0) break;
        const next = D === delta ? back : delta;
        // relu′ is [output > 0]: rows of Wᵀ it zeroes are not computed.
        backThrough(D, size, m, n, p, wAt[i], next, activation === 'relu' ? outs[i - 1] : null);
        activationGrad(activation, outs[i - 1], next, size * m);
        D = next;
      }
      if (l2 > 0) total += penalty(l2, size, ends, p, gSum);
      return total;
    },
  };
  return engine;
}
