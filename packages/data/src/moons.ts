import normal from '@stdlib/random-base-normal';
import type { ClassDataset } from './class-labels.js';
import { rowPermutation } from './permutation.js';
import { STREAM, uniformGenerator } from './random.js';
import { DEFAULT_SEED } from './lesson.js';
import { checkKnownKeys, checkOptions, checkSeed, invalid } from './validate.js';

/** Options of {@link moons}; the defaults are micrograd's demo (100 points, noise 0.1). */
export interface MoonsOptions {
  /** Rows, at least 2: ⌊n/2⌋ on the upper moon, the rest on the lower one (default 100). */
  n?: number;
  /** Standard deviation of the Gaussian noise added to each coordinate, ≥ 0 (default 0.1). */
  noise?: number;
  /** Unsigned 32-bit seed (default {@link DEFAULT_SEED}). */
  seed?: number;
  /**
   * `'01'`: the upper moon is class 0 and the lower one class 1 (sklearn; for crossEntropy and accuracy);
   * `'pm1'`: −1 and +1 (micrograd's `y*2 − 1`; for the hinge loss). Default `'01'`.
   */
  labels?: '01' | 'pm1';
}

/**
 * Two interleaving half circles in 2-D (sklearn's `make_moons`), the data of micrograd's demo: the upper
 * moon is the half circle of radius 1 around (0, 0) at angles `linspace(0, π, ⌊n/2⌋)`, the lower one the
 * same half circle turned over and moved to (1, 0.5), i.e. `(1 − cos t, 0.5 − sin t)`, for the other rows.
 * The rows come in a seeded shuffled order (sklearn's `shuffle=True`), then each coordinate gets
 * `N(0, noise²)` noise, drawn row by row from the seed's stream. `classes` is 2 for both label styles.
 *
 * @example
 * import { moons } from '@gradstream/data';
 * const ds = moons({ n: 100, noise: 0.1, seed: 1, labels: 'pm1' });
 * console.log(ds.n, ds.d, ds.classes, new Set(ds.y)); // 100 2 2 Set(2) { … } (−1 and 1, 50 of each)
 */
export function moons(options?: MoonsOptions): ClassDataset {
  const opts = checkOptions('options', options);
  checkKnownKeys('options', opts, ['n', 'noise', 'seed', 'labels'] satisfies (keyof MoonsOptions)[]);
  const n = opts.n === undefined ? 100 : checkAtLeastTwo(opts.n);
  const noise = opts.noise === undefined ? 0.1 : checkNoise(opts.noise);
  const seed = opts.seed === undefined ? DEFAULT_SEED : checkSeed('seed', opts.seed);
  const style = opts.labels ?? '01';
  if (style !== '01' && style !== 'pm1') throw invalid(RangeError, 'labels', 'must be "01" or "pm1"', style);

  const upper = Math.floor(n / 2);
  const lower = n - upper;
  const order = rowPermutation(n, seed);
  const X = new Float64Array(n * 2);
  const y = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const onUpper = k < upper;
    const t = onUpper ? angle(k, upper) : angle(k - upper, lower);
    const i = order[k];
    X[2 * i] = onUpper ? Math.cos(t) : 1 - Math.cos(t);
    X[2 * i + 1] = onUpper ? Math.sin(t) : 0.5 - Math.sin(t);
    y[i] = style === '01' ? (onUpper ? 0 : 1) : onUpper ? -1 : 1;
  }
  if (noise > 0) {
    const gauss = normal.factory(0, 1, { prng: uniformGenerator([seed, STREAM.data]) });
    for (let k = 0; k < X.length; k++) X[k] += noise * gauss();
  }
  return { n, d: 2, X, y, classes: 2 };
}

/** The k-th of m evenly spaced angles from 0 to π inclusive, computed as numpy's `linspace(0, π, m)` does. */
function angle(k: number, m: number): number {
  if (m === 1) return 0;
  return k === m - 1 ? Math.PI : k * (Math.PI / (m - 1));
}

function checkAtLeastTwo(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 2) throw invalid(RangeError, 'n', 'must be an integer ≥ 2 (one moon each half)', value);
  return value;
}

function checkNoise(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw invalid(RangeError, 'noise', 'must be a finite number ≥ 0', value);
  return value;
}
