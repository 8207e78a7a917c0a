import normal from '@stdlib/random-base-normal';
import { STREAM, uniformGenerator } from './random.js';
import { DEFAULT_SEED, LESSON } from './lesson.js';
import type { Dataset } from './types.js';
import { checkFinite, checkKnownKeys, checkOptions, checkPositiveInteger, checkSeed, invalid } from './validate.js';


/** Options of {@link syntheticLinear}; the defaults are the d2l lesson's. */
export interface SyntheticLinearOptions {
  /** Rows (default 1000). */
  n?: number;
  /** True weights, one per feature (default `[2, -3.4]`). */
  w?: number[];
  /** True bias (default 4.2). */
  b?: number;
  /** Standard deviation of the label noise, ≥ 0 (default 0.01). */
  noise?: number;
  /** Unsigned 32-bit seed (default {@link DEFAULT_SEED}). */
  seed?: number;
}

/**
 * Draws the lesson's synthetic data: features `X ~ N(0, 1)` (`n×d`, row-major, `d = w.length`) and
 * labels `y = X·w + b + ε` with `ε ~ N(0, noise²)`, as d2l's `synthetic_data(w, b, num_examples)`.
 *
 * Draw order follows d2l: all of X row by row, then the n noise terms, from one MT19937 stream keyed
 * by the seed, through stdlib's normal sampler. The same options give bit-identical arrays.
 *
 * @example
 * import { syntheticLinear } from '@gradstream/data';
 * const ds = syntheticLinear({ n: 1000, w: [2, -3.4], b: 4.2, noise: 0.01, seed: 1 });
 * console.log(ds.n, ds.d, ds.X.subarray(0, 2), ds.y[0]);
 */
export function syntheticLinear(options?: SyntheticLinearOptions): Dataset {
  const draw = drawSyntheticLinear(options);
  let next = draw.next();
  while (!next.done) next = draw.next();
  return next.value;
}

/**
 * `syntheticLinear` in slices: the same draws (bit for bit), paused after every `sliceValues` random
 * values with the rows drawn so far, so a caller can yield to the event loop — and notice Ctrl-C — while a
 * large dataset is drawn. The generator's return value is the dataset.
 *
 * @example
 * import { drawSyntheticLinear } from '@gradstream/data';
 * const draw = drawSyntheticLinear({ n: 1_000_000, seed: 1 }, 500_000);
 * let next = draw.next();
 * while (!next.done) {
 *   await new Promise((resolve) => setImmediate(resolve)); // signals, sockets and timers are served here
 *   next = draw.next();
 * }
 * console.log(next.value.n); // 1000000
 */
export function* drawSyntheticLinear(options?: SyntheticLinearOptions, sliceValues = 1 << 20): Generator<{ drawn: number; of: number }, Dataset> {
  const opts = checkOptions('options', options);
  checkKnownKeys('options', opts, ['n', 'w', 'b', 'noise', 'seed'] satisfies (keyof SyntheticLinearOptions)[]);
  const n = opts.n === undefined ? LESSON.n : checkPositiveInteger('n', opts.n);
  const w = opts.w === undefined ? [...LESSON.trueW] : checkWeights(opts.w);
  const b = opts.b === undefined ? LESSON.trueB : checkFinite('b', opts.b);
  const noise = opts.noise === undefined ? LESSON.noise : checkNoise(opts.noise);
  const seed = opts.seed === undefined ? DEFAULT_SEED : checkSeed('seed', opts.seed);
  const d = w.length;

  // One standard normal stream. X is drawn before the noise, so the features of a seed do not depend on
  // the noise level, and noise = 0 gives exactly y = X·w + b.
  const gauss = normal.factory(0, 1, { prng: uniformGenerator([seed, STREAM.data]) });
  const X = new Float64Array(n * d);
  const of = n * (d + 1);
  for (let k = 0; k < X.length; ) {
    const end = Math.min(X.length, k + sliceValues);
    for (; k < end; k++) X[k] = gauss();
    if (k < X.length) yield { drawn: k, of };
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b;
    for (let j = 0; j < d; j++) s += X[i * d + j] * w[j];
    y[i] = s;
  }
  for (let i = 0; i < n; ) {
    yield { drawn: X.length + i, of };
    const end = Math.min(n, i + sliceValues);
    for (; i < end; i++) y[i] += noise * gauss();
  }
  return { n, d, X, y, trueW: [...w], trueB: b };
}

function checkWeights(value: unknown): number[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw invalid(TypeError, 'w', 'must be a nonempty array of finite numbers', value);
  }
  return value as number[];
}

function checkNoise(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw invalid(RangeError, 'noise', 'must be a finite number ≥ 0', value);
  return value;
}
