import normal from '@stdlib/random-base-normal';
import type { ClassDataset } from './class-labels.js';
import { rowPermutation } from './permutation.js';
import { STREAM, uniformGenerator } from './random.js';
import { DEFAULT_SEED } from './lesson.js';
import { checkKnownKeys, checkOptions, checkPositiveInteger, checkSeed, invalid } from './validate.js';

/** Options of {@link blobs}. */
export interface BlobsOptions {
  /** Rows (default 300). */
  n?: number;
  /** Features per row (default 2). */
  d?: number;
  /** Clusters, one class each, 1 ≤ classes ≤ n (default 3). */
  classes?: number;
  /** Standard deviation of each cluster around its center, ≥ 0 (default 1, sklearn's `cluster_std`). */
  spread?: number;
  /** Unsigned 32-bit seed (default {@link DEFAULT_SEED}). */
  seed?: number;
}

/** The box the centers are drawn in, per coordinate: sklearn's `center_box` default. */
export const BLOBS_CENTER_BOX = Object.freeze([-10, 10] as const);

/** A {@link ClassDataset} of Gaussian clusters, with the centers it was drawn around. */
export interface BlobsDataset extends ClassDataset {
  /** `classes` rows of `d` numbers: the center of each class. */
  centers: number[][];
}

/**
 * Gaussian clusters for softmax regression (sklearn's `make_blobs`): `classes` centers drawn uniformly in
 * the box [−10, 10]ᵈ, then `n` rows split as evenly as classes allow (the first `n mod classes` classes have
 * one more row), each `center + spread·N(0, I)`, in a seeded shuffled order. Labels are the class indices
 * `0 … classes−1` as float64 in `y`.
 *
 * Draws, from one MT19937 stream of the seed: the centers (class by class), then the features row by row;
 * the order of the rows comes from a stream of its own. The same options give bit-identical arrays.
 *
 * @example
 * import { blobs } from '@gradstream/data';
 * const ds = blobs({ n: 7, d: 2, classes: 3, spread: 0.5, seed: 1 });
 * console.log(ds.n, ds.d, ds.classes, ds.y); // 7 2 3 Float64Array(7) [ … ] (three 0s, two 1s, two 2s)
 * console.log(ds.centers.length, ds.X.length); // 3 14
 */
export function blobs(options?: BlobsOptions): BlobsDataset {
  const opts = checkOptions('options', options);
  checkKnownKeys('options', opts, ['n', 'd', 'classes', 'spread', 'seed'] satisfies (keyof BlobsOptions)[]);
  const n = opts.n === undefined ? 300 : checkPositiveInteger('n', opts.n);
  const d = opts.d === undefined ? 2 : checkPositiveInteger('d', opts.d);
  const classes = opts.classes === undefined ? 3 : checkPositiveInteger('classes', opts.classes);
  if (classes > n) throw invalid(RangeError, 'classes', `must be at most n = ${n} (every class gets at least one row)`, classes);
  const spread = opts.spread === undefined ? 1 : checkSpread(opts.spread);
  const seed = opts.seed === undefined ? DEFAULT_SEED : checkSeed('seed', opts.seed);

  const uniform = uniformGenerator([seed, STREAM.data]);
  const gauss = normal.factory(0, 1, { prng: uniform });
  const [lo, hi] = BLOBS_CENTER_BOX;
  const centers: number[][] = [];
  for (let c = 0; c < classes; c++) centers.push(Array.from({ length: d }, () => lo + (hi - lo) * uniform()));

  // Class c owns the rows [start(c), start(c + 1)) of the unshuffled order; `order` then places them.
  const order = rowPermutation(n, seed);
  const base = Math.floor(n / classes);
  const extra = n % classes;
  const y = new Float64Array(n);
  for (let c = 0, k = 0; c < classes; c++) for (let m = 0; m < base + (c < extra ? 1 : 0); m++) y[order[k++]] = c;
  const X = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const center = centers[y[i]];
    for (let j = 0; j < d; j++) X[i * d + j] = center[j] + spread * gauss();
  }
  return { n, d, X, y, classes, centers };
}

function checkSpread(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw invalid(RangeError, 'spread', 'must be a finite number ≥ 0', value);
  return value;
}
