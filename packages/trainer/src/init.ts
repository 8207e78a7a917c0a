/**
 * Initial parameters from a small seeded generator (mulberry32 + Box–Muller), so the same seed gives the
 * same start. A full MT19937 costs ~40 µs just to seed — a tenth of a whole lesson-sized run — for two numbers.
 *
 * - `normal`: W ~ N(0, 0.01²), b = 0 (d2l's linear, softmax and logistic regression);
 * - `uniform`: W and b ~ U(−1/√in, 1/√in) (PyTorch's `nn.Linear` default; the MLP's default);
 * - `micrograd`: W ~ U(−1, 1), b = 0 (micrograd's `Neuron`).
 */
import { DEFAULT_SEED } from '@gradstream/data';
import { invalidArgument } from '@gradstream/data';

export { DEFAULT_SEED };

/** How a layer's weights and biases are drawn. */
export type InitName = 'normal' | 'uniform' | 'micrograd';
export const INIT_NAMES: readonly InitName[] = ['normal', 'uniform', 'micrograd'];

/** A seeded generator of uniform numbers in [0, 1). */
export function seededUniform(seed: number): () => number {
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 0xffff_ffff) {
    throw invalidArgument('seed', 'must be an integer between 0 and 4294967295', seed);
  }
  // Mixed with a constant so seed s does not give the same stream as another generator seeded with s.
  let a = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Fills the layers' weights and biases of a flat parameter vector: for each layer, W (fanIn·fanOut entries)
 * then b (fanOut entries), drawn in that order from one generator.
 *
 * @example
 * import { initialLayers } from '@gradstream/trainer';
 * const p = initialLayers([[2, 1]], 'normal', 42);
 * console.log(p.length, p[2]); // 3 0
 */
export function initialLayers(layers: readonly (readonly [number, number])[], how: InitName, seed: number = DEFAULT_SEED): Float64Array {
  const uniform = seededUniform(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform()); // 1 − u ∈ (0, 1]: log is finite
  const size = layers.reduce((s, [i, o]) => s + i * o + o, 0);
  const p = new Float64Array(size);
  let at = 0;
  for (const [fanIn, fanOut] of layers) {
    const bound = how === 'micrograd' ? 1 : 1 / Math.sqrt(fanIn);
    for (let k = 0; k < fanIn * fanOut; k++) p[at++] = how === 'normal' ? 0.01 * normal() : (uniform() * 2 - 1) * bound;
    for (let k = 0; k < fanOut; k++) p[at++] = how === 'uniform' ? (uniform() * 2 - 1) * bound : 0;
  }
  return p;
}

/**
 * Draws w ~ N(0, 0.01²) for `d` features (b = 0): the lesson's start.
 *
 * @example
 * import { initialParameters } from '@gradstream/trainer';
 * const { w, b } = initialParameters(2, 42);
 * console.log(w.length, b); // 2 0
 */
export function initialParameters(d: number, seed: number = DEFAULT_SEED): { w: number[]; b: number } {
  if (typeof d !== 'number' || !Number.isInteger(d) || d < 1) throw invalidArgument('d', 'must be a positive integer', d);
  const p = initialLayers([[d, 1]], 'normal', seed);
  return { w: Array.from(p.subarray(0, d)), b: p[d] };
}
