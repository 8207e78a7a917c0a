/**
 * `trainOn(dataset, options)`: training that owns its minibatch stream. The stream's plan (batch size,
 * epochs, seed, shuffle, dropLast) is said here once; a checkpoint given as `resume` supplies the plan and
 * the position instead, so a resumed run makes exactly the batches the interrupted one would have made.
 */
import { batchesPerEpoch, LESSON, minibatches, resumePoint, type Pace } from '@gradstream/data';
import type { TrainEvent } from '@gradstream/events';
import type { Observable } from 'rxjs';
import { validateCheckpoint } from './checkpoint.js';
import { checkFingerprint } from './data-fingerprint.js';
import type { TrainConfig } from './config.js';
import { invalidArgument } from '@gradstream/data';
import { train } from './train.js';
import type { DatasetLike } from './types.js';

/** `train()`'s config plus the stream's plan and pacing. */
export interface TrainOnOptions extends Omit<TrainConfig, 'dataset' | 'lr'> {
  /** Learning rate (default: the checkpoint's when resuming; otherwise required). */
  lr?: number;
  /** Rows per batch (default 10, the lesson's). */
  batchSize?: number;
  /** Passes over the data (default 3, the lesson's). */
  epochs?: number;
  /** Seeds the shuffles and the initial parameters (default 42). */
  seed?: number;
  shuffle?: boolean;
  dropLast?: boolean;
  /** Produce the batches in time slices (a responsive process), optionally through a StepGate (steps/s, pause). */
  pace?: Pace;
}

/** The plan keys, which a resumed run takes from its checkpoint. */
const PLAN_KEYS = ['batchSize', 'epochs', 'seed', 'shuffle', 'dropLast', 'lr', 'optimizer', 'engine'] as const;

/**
 * @example
 * import { syntheticLinear } from '@gradstream/data';
 * import { trainOn } from '@gradstream/trainer';
 * trainOn(syntheticLinear({ seed: 42 }), { lr: 0.03, batchSize: 10, epochs: 3, seed: 42 })
 *   .subscribe((e) => e.type === 'epoch' && console.log(`epoch ${e.epoch}, loss ${e.loss.toFixed(6)}`));
 */
export function trainOn(dataset: DatasetLike, options: TrainOnOptions): Observable<TrainEvent> {
  if (typeof options !== 'object' || options === null) throw invalidArgument('options', 'must be an object', options, TypeError);
  const { batchSize, epochs, seed, shuffle, dropLast, pace, ...rest } = options;
  const resume = rest.resume === undefined ? undefined : validateCheckpoint(rest.resume, 'resume');
  if (resume) {
    for (const key of PLAN_KEYS) {
      if (options[key] !== undefined) throw invalidArgument(key, 'comes from the checkpoint when resuming (resume.data, resume.lr …); leave it out', options[key]);
    }
  }
  const data = resume?.data;
  if (data?.fingerprint) checkFingerprint(data.fingerprint, dataset);
  const plan = {
    batchSize: data?.batchSize ?? batchSize ?? LESSON.batchSize,
    epochs: data?.epochs ?? epochs ?? LESSON.epochs,
    seed: data?.seed ?? seed ?? LESSON.seed,
    shuffle: data?.shuffle ?? shuffle ?? true,
    dropLast: data?.dropLast ?? dropLast ?? false,
  };
  const lr = resume?.lr ?? rest.lr;
  if (lr === undefined) throw invalidArgument('lr', 'must be a positive finite number', lr);
  // Built first: a bad config throws here, synchronously, before any batch is drawn.
  const operator = train({
    ...rest,
    lr,
    dataset,
    ...(resume ? { optimizer: resume.optimizer.config, engine: resume.engine, resume } : {}),
  });
  const startAt = resume ? resumePoint(resume.position, { epochs: plan.epochs, perEpoch: batchesPerEpoch(dataset.n, plan.batchSize, plan.dropLast) }) : undefined;
  // reuse: train() is done with a batch before asking for the next (explanations copy what they keep).
  const batches = minibatches(dataset, { ...plan, reuse: true, ...(startAt ? { startAt } : {}), ...(pace ? { pace } : {}) });
  return batches.pipe(operator);
}
