/**
 * A job: one run to make — a grid point of a sweep, or one `gradstream train --runs DIR` — as a plain JSON
 * config and the id of the run directory it is recorded in. Plain JSON, so a job can be written to
 * `config.json`, sent to a child process, or queued in Redis, and read back the same.
 *
 * The config says everything the run depends on (the lesson's synthetic data recipe, the plan, the
 * optimizer), with every default filled in: two jobs are the same run exactly when their configs are equal.
 */
import { checkFiniteArray, checkKnownKeys, checkPositive, checkPositiveInteger, invalidArgument, LESSON } from '@gradstream/data';

export type OptimizerName = 'sgd' | 'momentum' | 'adam';

/** Everything one run depends on, defaults filled in (`jobConfig` fills them). */
export interface JobConfig {
  lr: number;
  batchSize: number;
  optimizer: OptimizerName;
  seed: number;
  epochs: number;
  /** The synthetic data: n rows of y = X·trueW + trueB + noise (the lesson's by default). */
  n: number;
  trueW: number[];
  trueB: number;
  noise: number;
}

/** A run to make: its config and the run directory (`DIR/<runId>/`) that records it. */
export interface RunJob {
  runId: string;
  config: JobConfig;
}

const OPTIMIZERS: readonly OptimizerName[] = ['sgd', 'momentum', 'adam'];
const KEYS = ['lr', 'batchSize', 'optimizer', 'seed', 'epochs', 'n', 'trueW', 'trueB', 'noise'];

/**
 * Checks a partial config and fills in the lesson's defaults (`LESSON` of @gradstream/data). Errors name
 * the field, the rule and the value.
 *
 * @example
 * import { jobConfig } from '@gradstream/runs';
 * console.log(jobConfig({ lr: 0.3, batchSize: 100 }));
 * // { lr: 0.3, batchSize: 100, optimizer: 'sgd', seed: 42, epochs: 3, n: 1000, trueW: [ 2, -3.4 ], trueB: 4.2, noise: 0.01 }
 * try { jobConfig({ lr: 0 }); } catch (e) { console.log((e as Error).message); }
 * // invalid argument. config.lr must be a positive finite number. Value: `0`.
 */
export function jobConfig(partial: Partial<JobConfig>): JobConfig {
  if (typeof partial !== 'object' || partial === null) throw invalidArgument('config', 'must be an object', partial, TypeError);
  checkKnownKeys('config', partial as Record<string, unknown>, KEYS);
  const c: JobConfig = {
    lr: partial.lr ?? LESSON.lr,
    batchSize: partial.batchSize ?? LESSON.batchSize,
    optimizer: partial.optimizer ?? 'sgd',
    seed: partial.seed ?? LESSON.seed,
    epochs: partial.epochs ?? LESSON.epochs,
    n: partial.n ?? LESSON.n,
    trueW: partial.trueW ? [...partial.trueW] : [...LESSON.trueW],
    trueB: partial.trueB ?? LESSON.trueB,
    noise: partial.noise ?? LESSON.noise,
  };
  checkPositive('config.lr', c.lr);
  checkPositiveInteger('config.batchSize', c.batchSize);
  if (!OPTIMIZERS.includes(c.optimizer)) throw invalidArgument('config.optimizer', `must be one of ${OPTIMIZERS.join(', ')}`, c.optimizer);
  if (!Number.isInteger(c.seed) || c.seed < 0 || c.seed > 0xffff_ffff) throw invalidArgument('config.seed', 'must be an integer from 0 to 4294967295', c.seed);
  checkPositiveInteger('config.epochs', c.epochs);
  checkPositiveInteger('config.n', c.n);
  checkFiniteArray('config.trueW', c.trueW);
  if (c.trueW.length === 0) throw invalidArgument('config.trueW', 'must have at least one entry', c.trueW);
  if (!Number.isFinite(c.trueB)) throw invalidArgument('config.trueB', 'must be a finite number', c.trueB);
  if (!Number.isFinite(c.noise) || c.noise < 0) throw invalidArgument('config.noise', 'must be a nonnegative finite number', c.noise);
  return c;
}

/** Whether two configs describe the same run (same fields, same values, key order aside). */
export function sameConfig(a: JobConfig, b: JobConfig): boolean {
  return KEYS.every((k) => JSON.stringify(a[k as keyof JobConfig]) === JSON.stringify(b[k as keyof JobConfig]));
}
