/**
 * The whole d2l lesson as one Observable: `syntheticLinear` + `minibatches` + `train`, with the
 * lesson's defaults (n 1000, w [2, −3.4], b 4.2, noise 0.01, batch 10, lr 0.03, 3 epochs, seed 42).
 */
import type { Observable } from 'rxjs';
import { DEFAULT_SEED, minibatches, syntheticLinear } from '@gradstream/data';
import type { EngineName, OptimizerConfig, TrainEvent } from '@gradstream/events';
import type { Checkpoint } from './checkpoint.js';
import { validateCheckpoint } from './checkpoint.js';
import { train } from './train.js';
import { checkKnownKeys } from './errors.js';

export interface TrainLinearRegressionOptions {
  n?: number;
  trueW?: number[];
  trueB?: number;
  noise?: number;
  batchSize?: number;
  lr?: number;
  epochs?: number;
  /** Seeds the data, the shuffles and the initial parameters (default 42, the data package's default). */
  seed?: number;
  optimizer?: OptimizerConfig | OptimizerConfig['name'];
  engine?: EngineName;
  explainEvery?: number;
  checkpoint?: { path: string; everySteps?: number };
  /** Continue from a checkpoint: data recipe, seed, batch size, epochs, lr and position come from it. */
  resume?: Checkpoint;
}

const OPTION_KEYS = Object.keys({
  n: true,
  trueW: true,
  trueB: true,
  noise: true,
  batchSize: true,
  lr: true,
  epochs: true,
  seed: true,
  optimizer: true,
  engine: true,
  explainEvery: true,
  checkpoint: true,
  resume: true,
} satisfies Record<keyof TrainLinearRegressionOptions, true>);

/**
 * Trains the lesson's linear regression and returns its events (cold: each subscription trains anew).
 * Bad options throw synchronously with the argument, the rule and the value.
 *
 * @example
 * import { trainLinearRegression } from '@gradstream/trainer';
 * trainLinearRegression().subscribe((e) => {
 *   if (e.type === 'epoch') console.log(`epoch ${e.epoch}, loss ${e.loss.toFixed(6)}`);
 *   if (e.type === 'done') console.log('w', e.w, 'b', e.b);
 * });
 */
export function trainLinearRegression(opts: TrainLinearRegressionOptions = {}): Observable<TrainEvent> {
  checkKnownKeys('options', opts, OPTION_KEYS);
  const resume = opts.resume === undefined ? undefined : validateCheckpoint(opts.resume, 'resume');
  const data = resume?.data;
  const n = data?.n ?? opts.n ?? 1000;
  const trueW = data?.trueW ?? opts.trueW ?? [2, -3.4];
  const trueB = data?.trueB ?? opts.trueB ?? 4.2;
  const noise = data?.noise ?? opts.noise ?? 0.01;
  const seed = data?.seed ?? opts.seed ?? DEFAULT_SEED;
  const batchSize = data?.batchSize ?? opts.batchSize ?? 10;
  const epochs = data?.epochs ?? opts.epochs ?? 3;
  const shuffle = data?.shuffle ?? true;
  const dropLast = data?.dropLast ?? false;
  const lr = resume?.lr ?? opts.lr ?? 0.03;

  const ds = syntheticLinear({ n, w: trueW, b: trueB, noise, seed });
  const operator = train({
    lr,
    epochs,
    batchSize,
    optimizer: resume?.optimizer.config ?? opts.optimizer,
    engine: resume?.engine ?? opts.engine,
    seed,
    shuffle,
    dropLast,
    dataset: ds,
    explainEvery: opts.explainEvery,
    checkpoint: opts.checkpoint,
    resume,
    source: 'synthetic',
    recipe: { n, trueW, trueB, noise },
  });
  let startAt = resume?.position && { epoch: resume.position.epoch, index: resume.position.index };
  if (startAt && startAt.epoch > epochs) {
    // A checkpoint written after the last epoch: resume at its end (nothing left to train).
    startAt = { epoch: epochs, index: dropLast ? Math.floor(n / batchSize) : Math.ceil(n / batchSize) };
  }
  // reuse: train() reads a batch only during its step (explanations copy), so the producer may overwrite it.
  const batches = minibatches(ds, { batchSize, epochs, shuffle, seed, dropLast, reuse: true, ...(startAt ? { startAt } : {}) });
  return batches.pipe(operator);
}
