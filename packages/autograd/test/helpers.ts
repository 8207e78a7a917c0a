// Test helpers: a seeded generator (so random shapes and values are reproducible) and comparisons.
import * as assert from 'uvu/assert';
import { tensor, type Tensor } from '../src/index.js';

/** mulberry32: a tiny seeded PRNG, uniform in [0, 1). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A tensor of the given shape with values uniform in [lo, hi), requiring grad. */
export function randomTensor(next: () => number, shape: number[], lo = -2, hi = 2, requiresGrad = true): Tensor {
  let n = 1;
  for (const s of shape) n *= s;
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = lo + (hi - lo) * next();
  return tensor(data, { shape, requiresGrad });
}

export function close(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-12, what = ''): void {
  assert.is(actual.length, expected.length, `${what} length`);
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= tol * Math.max(1, Math.abs(expected[i])))) {
      assert.unreachable(`${what}[${i}]: ${actual[i]} ≠ ${expected[i]} (tolerance ${tol})`);
    }
  }
}
