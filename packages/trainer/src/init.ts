/**
 * d2l's initial parameters: w ~ N(0, 0.01²), b = 0, drawn from a seeded Mersenne Twister so the same
 * seed gives the same start.
 */
import normal from '@stdlib/random-base-normal';

/** The seed used when a run gives none (the data package's default too), so unseeded runs are still reproducible. */
export const DEFAULT_SEED = 42;

/**
 * Draws w ~ N(0, 0.01²) for `d` features (b = 0).
 *
 * @example
 * import { initialParameters } from '@gradstream/trainer';
 * const { w, b } = initialParameters(2, 42);
 * console.log(w.length, b); // 2 0
 */
export function initialParameters(d: number, seed: number = DEFAULT_SEED): { w: number[]; b: number } {
  // A different stream than the data generator's for the same seed, so w is not a scaled copy of X's first row.
  const draw = normal.factory(0, 0.01, { seed: mixSeed(seed) });
  const w: number[] = [];
  for (let j = 0; j < d; j++) w.push(draw());
  return { w, b: 0 };
}

/** Maps any nonnegative integer seed to a valid MT19937 seed in [1, 2³² − 1]. */
function mixSeed(seed: number): number {
  let h = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  h = (h ^ (h >>> 16)) >>> 0;
  return h === 0 ? 1 : h;
}
