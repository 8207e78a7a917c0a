/**
 * `TrainConfig` and its validation. Bad values throw synchronously at `train(config)` with the
 * argument, the rule and the value, before any data flows.
 */
import type { EngineName, OptimizerConfig } from '@gradstream/events';
import type { Checkpoint } from './checkpoint.js';
import { validateCheckpoint } from './checkpoint.js';
import {
  checkKnownKeys,
  checkFinite,
  checkFiniteArray,
  checkNonNegativeInteger,
  checkPositive,
  checkPositiveInteger,
  invalidArgument,
} from './errors.js';
import { resolveOptimizer, type ResolvedOptimizerConfig } from './optimizers.js';
import type { DatasetLike } from './types.js';

export interface TrainConfig {
  /** Learning rate. */
  lr: number;
  /** Epochs and batch size the stream was made with (they go into the run event and checkpoints). */
  epochs?: number;
  batchSize?: number;
  /** Default `sgd`. */
  optimizer?: OptimizerConfig | OptimizerConfig['name'];
  /** Default `fused`. */
  engine?: EngineName;
  /** Default: w ~ N(0, 0.01²) drawn from `seed`, b = 0 (d2l). */
  init?: { w: number[]; b: number };
  seed?: number;
  /** Shuffling and short-last-batch policy of the stream (recorded in the run event and checkpoints). */
  shuffle?: boolean;
  dropLast?: boolean;
  /** The dataset in memory: epoch loss over all rows, the least-squares optimum, gapToOptimum, a sample. */
  dataset?: DatasetLike;
  /**
   * Solve the normal equations when `dataset` is given. They cost n·d² multiply-adds once, before the
   * first step, so by default they are solved only when n·d² ≤ OPTIMUM_AUTO_LIMIT (≈ 0.1 s here; the
   * lesson needs 4,000, while n = 200,000, d = 256 would need 1.3·10¹⁰). `true` forces, `false` skips.
   */
  optimum?: boolean;
  /** True parameters; default `dataset.trueW` / `dataset.trueB`. */
  trueW?: number[];
  trueB?: number;
  /** Attach a StepExplanation to every k-th step (0/undefined: never). */
  explainEvery?: number;
  /** Write a checkpoint after every global step that is a multiple of `everySteps`, at the end of each epoch, on done, and when the run is unsubscribed before its end. */
  checkpoint?: { path: string; everySteps?: number };
  /** Continue a run; pair with `minibatches(..., { startAt: resume.position })`. */
  resume?: Checkpoint;
  /** Where the data came from (run.config.source). */
  source?: string;
  /** Synthetic data recipe, recorded in checkpoints so `trainLinearRegression` can rebuild the data on resume. */
  recipe?: { n: number; trueW: number[]; trueB: number; noise: number };
}

/** Largest n·d² for which the least-squares optimum is solved without being asked (`optimum: true`). */
export const OPTIMUM_AUTO_LIMIT = 2 ** 26;

/** A validated config with defaults filled in. */
export interface ResolvedConfig extends Omit<TrainConfig, 'optimizer' | 'engine'> {
  optimizer: ResolvedOptimizerConfig;
  engine: EngineName;
  explainEvery: number;
}

const TRAIN_CONFIG_KEYS = Object.keys({
  lr: true,
  epochs: true,
  batchSize: true,
  optimizer: true,
  engine: true,
  init: true,
  seed: true,
  shuffle: true,
  dropLast: true,
  dataset: true,
  optimum: true,
  trueW: true,
  trueB: true,
  explainEvery: true,
  checkpoint: true,
  resume: true,
  source: true,
  recipe: true,
} satisfies Record<keyof TrainConfig, true>);

/**
 * Validates `config` (throws `RangeError`/`TypeError`: argument, rule, value) and fills in defaults.
 *
 * @example
 * import { resolveTrainConfig } from '@gradstream/trainer';
 * try { resolveTrainConfig({ lr: -1 }); } catch (e) { console.log((e as Error).message); }
 * // invalid argument. lr must be a positive finite number. Value: `-1`.
 */
export function resolveTrainConfig(config: TrainConfig): ResolvedConfig {
  if (typeof config !== 'object' || config === null) throw invalidArgument('config', 'must be an object', config, TypeError);
  checkKnownKeys('config', config, TRAIN_CONFIG_KEYS);
  checkPositive('lr', config.lr);
  if (config.epochs !== undefined) checkPositiveInteger('epochs', config.epochs);
  if (config.batchSize !== undefined) checkPositiveInteger('batchSize', config.batchSize);
  const optimizer = resolveOptimizer(config.optimizer);
  const engine = config.engine ?? 'fused';
  if (engine !== 'fused' && engine !== 'autograd') throw invalidArgument('engine', 'must be fused or autograd', engine);
  if (config.seed !== undefined) checkNonNegativeInteger('seed', config.seed);
  for (const k of ['shuffle', 'dropLast', 'optimum'] as const) {
    if (config[k] !== undefined && typeof config[k] !== 'boolean') throw invalidArgument(k, 'must be a boolean', config[k], TypeError);
  }
  const ds = config.dataset;
  if (ds !== undefined) {
    if (typeof ds !== 'object' || ds === null) throw invalidArgument('dataset', 'must be an object { n, d, X, y }', ds, TypeError);
    checkPositiveInteger('dataset.n', ds.n);
    checkPositiveInteger('dataset.d', ds.d);
    if (!(ds.X instanceof Float64Array) || ds.X.length !== ds.n * ds.d) {
      throw invalidArgument('dataset.X', `must be a Float64Array of n·d = ${ds.n * ds.d} entries`, ds.X instanceof Float64Array ? `Float64Array(${ds.X.length})` : ds.X, TypeError);
    }
    if (!(ds.y instanceof Float64Array) || ds.y.length !== ds.n) {
      throw invalidArgument('dataset.y', `must be a Float64Array of n = ${ds.n} entries`, ds.y instanceof Float64Array ? `Float64Array(${ds.y.length})` : ds.y, TypeError);
    }
  }
  const resume = config.resume === undefined ? undefined : validateCheckpoint(config.resume, 'resume');
  const d = ds?.d ?? resume?.w.length ?? config.init?.w.length;
  if (config.init !== undefined) {
    if (typeof config.init !== 'object' || config.init === null) throw invalidArgument('init', 'must be an object { w, b }', config.init, TypeError);
    checkFiniteArray('init.w', config.init.w, d);
    checkFinite('init.b', config.init.b);
  }
  if (resume && ds && resume.w.length !== ds.d) throw invalidArgument('resume.w', `must have ${ds.d} entries (one per feature)`, resume.w);
  const trueW = config.trueW ?? ds?.trueW;
  const trueB = config.trueB ?? ds?.trueB;
  if (trueW !== undefined) checkFiniteArray('trueW', trueW, d);
  if (trueB !== undefined) checkFinite('trueB', trueB);
  const explainEvery = config.explainEvery ?? 0;
  checkNonNegativeInteger('explainEvery', explainEvery);
  if (config.checkpoint !== undefined) {
    const c = config.checkpoint;
    if (typeof c !== 'object' || c === null || typeof c.path !== 'string' || c.path === '') {
      throw invalidArgument('checkpoint.path', 'must be a nonempty string', c?.path, TypeError);
    }
    if (c.everySteps !== undefined) checkPositiveInteger('checkpoint.everySteps', c.everySteps);
  }
  return { ...config, optimizer, engine, explainEvery, trueW, trueB, resume };
}
