/**
 * The options that describe the synthetic dataset (shared by `train`, `generate` and `explain`), with
 * the d2l lesson's defaults from their one home, `@gradstream/data/lesson` (it imports nothing, so
 * `--help` stays instant).
 *
 * @example
 * import { LESSON } from './lesson.js';
 * console.log(LESSON.trueW, LESSON.trueB); // [2, -3.4] 4.2
 */
import { LESSON } from '@gradstream/data/lesson';
import { value } from './args.js';
import { nonNegativeNumber, numberList, finiteNumber, positiveInteger, seed } from './values.js';

export { LESSON };

/** Options that shape the synthetic data. */
export const DATA_OPTIONS = {
  n: value(positiveInteger, 'N', `rows of synthetic data (default ${LESSON.n})`),
  trueW: value(numberList, 'W1,W2,…', `true weights; their count is the number of features (default ${LESSON.trueW.join(',')})`),
  trueB: value(finiteNumber, 'B', `true bias (default ${LESSON.trueB})`),
  noise: value(nonNegativeNumber, 'SD', `standard deviation of the label noise (default ${LESSON.noise})`),
  seed: value(seed, 'SEED', `random seed (default ${LESSON.seed}): the same seed gives the same data and, when training, the same initial parameters and shuffles`),
};
