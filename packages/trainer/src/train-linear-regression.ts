/**
 * The whole d2l lesson as one Observable: `syntheticLinear` + `trainOn`, with the lesson's defaults
 * (`LESSON`: n 1000, w [2, −3.4], b 4.2, noise 0.01, batch 10, lr 0.03, 3 epochs, seed 42).
 */
import type { Observable } from 'rxjs';
import { LESSON, syntheticLinear } from '@gradstream/data';
import type { TrainEvent } from '@gradstream/events';
import { validateCheckpoint } from './checkpoint.js';
import { checkKnownKeys } from '@gradstream/data';
import { trainOn, type TrainOnOptions } from './train-on.js';

/** The lesson's settings (`LESSON` of @gradstream/data, their one home): data, training and seed. */
export { LESSON };

export interface TrainLinearRegressionOptions extends Omit<TrainOnOptions, 'recipe' | 'source' | 'trueW' | 'trueB'> {
  n?: number;
  trueW?: number[];
  trueB?: number;
  noise?: number;
}

const OPTION_KEYS = ['n', 'trueW', 'trueB', 'noise', 'batchSize', 'lr', 'epochs', 'seed', 'shuffle', 'dropLast', 'pace', 'optimizer', 'engine', 'model', 'init', 'optimum', 'explain', 'checkpoint', 'resume'];

/**
 * Trains the lesson's linear regression and returns its events (cold: each subscription trains anew).
 * Bad options throw synchronously with the argument, the rule and the value. With `resume`, the data
 * recipe, seed, plan and lr come from the checkpoint.
 *
 * @example
 * import { trainLinearRegression } from '@gradstream/trainer';
 * trainLinearRegression().subscribe((e) => {
 *   if (e.type === 'epoch') console.log(`epoch ${e.epoch}, loss ${e.loss.toFixed(6)}`);
 *   if (e.type === 'done') console.log('w', e.w, 'b', e.b);
 * });
 */
export function trainLinearRegression(opts: TrainLinearRegressionOptions = {}): Observable<TrainEvent> {
  checkKnownKeys('options', opts as Record<string, unknown>, OPTION_KEYS);
  const { n, trueW, trueB, noise, ...training } = opts;
  const data = opts.resume === undefined ? undefined : validateCheckpoint(opts.resume, 'resume').data;
  const recipe = {
    n: data?.n ?? n ?? LESSON.n,
    trueW: data?.trueW ?? trueW ?? [...LESSON.trueW],
    trueB: data?.trueB ?? trueB ?? LESSON.trueB,
    noise: data?.noise ?? noise ?? LESSON.noise,
  };
  const seed = data?.seed ?? opts.seed ?? LESSON.seed;
  const ds = syntheticLinear({ n: recipe.n, w: recipe.trueW, b: recipe.trueB, noise: recipe.noise, seed });
  const plan = opts.resume ? {} : { batchSize: opts.batchSize ?? LESSON.batchSize, epochs: opts.epochs ?? LESSON.epochs, seed, lr: opts.lr ?? LESSON.lr };
  return trainOn(ds, { ...training, ...plan, source: 'synthetic', recipe });
}
