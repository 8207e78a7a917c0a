/**
 * The d2l lesson ("linear regression from scratch") in one place: its data — 1000 rows of
 * y = X·[2, −3.4] + 4.2 + noise of sd 0.01 — and its training — batches of 10, lr 0.03, 3 epochs — and
 * the seed that makes an unseeded run reproducible. `syntheticLinear()`, `trainLinearRegression()` and
 * every `gradstream` command take their defaults from here. This file imports nothing, so a command's
 * `--help` can show the defaults without loading the libraries (`@gradstream/data/lesson`).
 *
 * @example
 * import { LESSON } from '@gradstream/data/lesson';
 * console.log(LESSON.trueW, LESSON.trueB, LESSON.batchSize, LESSON.lr); // [ 2, -3.4 ] 4.2 10 0.03
 */

/** The seed used when none is given, so that an unseeded run is still reproducible. */
export const DEFAULT_SEED = 42;

export const LESSON = Object.freeze({
  n: 1000,
  trueW: Object.freeze([2, -3.4]) as readonly number[],
  trueB: 4.2,
  noise: 0.01,
  batchSize: 10,
  lr: 0.03,
  epochs: 3,
  seed: DEFAULT_SEED,
});
