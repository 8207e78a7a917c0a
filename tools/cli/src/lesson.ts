/**
 * The d2l lesson's settings, the defaults of every command, and the options that describe the
 * synthetic dataset (shared by `train`, `generate` and `explain`).
 *
 * @example
 * import { LESSON } from './lesson.js';
 * console.log(LESSON.trueW, LESSON.trueB); // [2, -3.4] 4.2
 */
import { value } from './args.js';
import { nonNegativeNumber, numberList, finiteNumber, positiveInteger, seed } from './values.js';

export const LESSON = {
  n: 1000,
  trueW: [2, -3.4],
  trueB: 4.2,
  noise: 0.01,
  batchSize: 10,
  lr: 0.03,
  epochs: 3,
  /** Same as `@gradstream/data`'s DEFAULT_SEED, so `--seed 42` and no `--seed` are one run. */
  seed: 42,
} as const;

/** Options that shape the synthetic data. */
export const DATA_OPTIONS = {
  n: value(positiveInteger, 'N', `rows of synthetic data (default ${LESSON.n})`),
  trueW: value(numberList, 'W1,W2,…', `true weights; their count is the number of features (default ${LESSON.trueW.join(',')})`),
  trueB: value(finiteNumber, 'B', `true bias (default ${LESSON.trueB})`),
  noise: value(nonNegativeNumber, 'SD', `standard deviation of the label noise (default ${LESSON.noise})`),
  seed: value(seed, 'SEED', `random seed (default ${LESSON.seed}): the same seed gives the same data and, when training, the same initial parameters and shuffles`),
};
