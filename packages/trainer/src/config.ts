/**
 * `TrainConfig` and its validation. Bad values throw synchronously at `train(config)` with the
 * argument, the rule and the value, before any data flows.
 */
import type { EngineName, LrSchedule, OptimizerConfig, ParamValues } from '@gradstream/events';
import { isObservable, type Observable } from 'rxjs';
import type { Checkpoint } from './checkpoint.js';
import { validateCheckpoint } from './checkpoint.js';
import { checkpointWriter } from './checkpoint-writer.js';
import {
  checkKnownKeys,
  checkFinite,
  checkFiniteArray,
  checkNonNegativeInteger,
  checkPositive,
  checkPositiveInteger,
  invalidArgument,
} from '@gradstream/data';
import { checkpointFeatures } from './checkpoint.js';
import { checkSchedule } from './lr-schedule.js';
import { sizeOf, type Model } from './model.js';
import { resolveOptimizer, type ResolvedOptimizerConfig } from './optimizers.js';
import type { DatasetLike } from './types.js';

export interface TrainConfig {
  /** Learning rate. */
  lr: number;
  /** Default `sgd`. */
  optimizer?: OptimizerConfig | OptimizerConfig['name'];
  /** `fused` (the default) takes the model's fused fast path when it has one; `autograd` always builds the graph. */
  engine?: EngineName;
  /** Default: linear regression over the batches' features (d2l's model). */
  model?: Model;
  /**
   * Initial parameters: the lesson's `{ w, b }`, or every parameter's values by name (row-major). Default: the
   * model's seeded init from the stream's seed (the lesson: w ~ N(0, 0.01²), b = 0, as d2l).
   */
  init?: { w: number[]; b: number } | ParamValues;
  /** A learning-rate schedule (default: the constant `lr`). */
  schedule?: LrSchedule;
  /** The dataset in memory: epoch loss over all rows, the least-squares optimum, gapToOptimum, a sample, a checked lr on divergence. */
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
  /**
   * Which steps are explained (an `explain` event after their `step`): by default the first step and the
   * first step of every epoch; `every: k` adds every k-th step; `requests` explains the latest step each
   * time it emits (a viewer's "explain this step", a pause). `false`: none.
   */
  explain?: ExplainOptions | false;
  /** Write a checkpoint after every global step that is a multiple of `everySteps`, at the end of each epoch, on done, and when the run is unsubscribed before its end. */
  checkpoint?: { path: string; everySteps?: number };
  /** Continue a run: its parameters, optimizer state and position (the stream must start at `resume.position`; `trainOn` does that). */
  resume?: Checkpoint;
  /** Where the data came from (run.config.source). */
  source?: string;
  /** Synthetic data recipe, recorded in checkpoints so the data can be rebuilt on resume. */
  recipe?: { n: number; trueW: number[]; trueB: number; noise: number };
}

/** Which steps a run explains. */
export interface ExplainOptions {
  /** The run's first step (default true). */
  first?: boolean;
  /** The first step of every epoch (default true). */
  epochStart?: boolean;
  /** Every k-th global step too (default 0: none). */
  every?: number;
  /** Each emission explains the latest step taken (default: none). */
  requests?: Observable<unknown>;
}

/** Largest n·d² for which the least-squares optimum is solved without being asked (`optimum: true`). */
export const OPTIMUM_AUTO_LIMIT = 2 ** 26;

/** A validated config with defaults filled in. */
export interface ResolvedConfig extends Omit<TrainConfig, 'optimizer' | 'engine' | 'explain'> {
  optimizer: ResolvedOptimizerConfig;
  engine: EngineName;
  explain: Required<Omit<ExplainOptions, 'requests'>> & Pick<ExplainOptions, 'requests'>;
}

const TRAIN_CONFIG_KEYS = Object.keys({
  lr: true,
  optimizer: true,
  engine: true,
  model: true,
  init: true,
  schedule: true,
  dataset: true,
  optimum: true,
  trueW: true,
  trueB: true,
  explain: true,
  checkpoint: true,
  resume: true,
  source: true,
  recipe: true,
} satisfies Record<keyof TrainConfig, true>);

/** The stream's plan is read from its batches: saying it again here is refused, with the reason. */
const PLAN_KEYS = ['batchSize', 'epochs', 'seed', 'shuffle', 'dropLast'];

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
  for (const key of PLAN_KEYS) {
    if (key in config) {
      throw invalidArgument(`config.${key}`, 'is read from the minibatch stream (minibatches(ds, { batchSize, epochs, seed, shuffle, dropLast })), or give it to trainOn(dataset, options)', (config as unknown as Record<string, unknown>)[key]);
    }
  }
  checkKnownKeys('config', config, TRAIN_CONFIG_KEYS);
  checkPositive('lr', config.lr);
  const optimizer = resolveOptimizer(config.optimizer);
  const engine = config.engine ?? 'fused';
  if (engine !== 'fused' && engine !== 'autograd') throw invalidArgument('engine', 'must be fused or autograd', engine);
  if (config.optimum !== undefined && typeof config.optimum !== 'boolean') throw invalidArgument('optimum', 'must be a boolean', config.optimum, TypeError);
  if (config.model !== undefined) checkModel(config.model);
  const ds = config.dataset;
  if (ds !== undefined) {
    if (typeof ds !== 'object' || ds === null) throw invalidArgument('dataset', 'must be an object { n, d, X, y }', ds, TypeError);
    checkPositiveInteger('dataset.n', ds.n);
    checkPositiveInteger('dataset.d', ds.d);
    if (!(ds.X instanceof Float64Array) || ds.X.length !== ds.n * ds.d) {
      throw invalidArgument('dataset.X', `must be a Float64Array of n·d = ${ds.n * ds.d} entries`, ds.X, TypeError);
    }
    if (!(ds.y instanceof Float64Array) || ds.y.length !== ds.n) {
      throw invalidArgument('dataset.y', `must be a Float64Array of n = ${ds.n} entries`, ds.y, TypeError);
    }
  }
  const resume = config.resume === undefined ? undefined : validateCheckpoint(config.resume, 'resume');
  const legacyInit = config.init !== undefined && typeof config.init === 'object' && config.init !== null && 'w' in config.init && typeof config.init.b === 'number';
  const d = ds?.d ?? config.model?.d ?? (resume && checkpointFeatures(resume)) ?? (legacyInit ? (config.init!.w as number[]).length : undefined);
  if (config.init !== undefined) checkInit(config.init, config.model, d);
  if (resume && ds && checkpointFeatures(resume) !== ds.d) throw invalidArgument('resume.w', `must have ${ds.d} entries (one per feature)`, resume.w ?? resume.model?.sizes);
  const schedule = config.schedule === undefined ? undefined : checkSchedule(config.schedule);
  const trueW = config.trueW ?? ds?.trueW;
  const trueB = config.trueB ?? ds?.trueB;
  if (trueW !== undefined) checkFiniteArray('trueW', trueW, d);
  if (trueB !== undefined) checkFinite('trueB', trueB);
  const explain = resolveExplain(config.explain);
  if (config.checkpoint !== undefined) {
    const c = config.checkpoint;
    if (typeof c !== 'object' || c === null || typeof c.path !== 'string' || c.path === '') {
      throw invalidArgument('checkpoint.path', 'must be a nonempty string', c?.path, TypeError);
    }
    if (c.everySteps !== undefined) checkPositiveInteger('checkpoint.everySteps', c.everySteps);
    if (!checkpointWriter()) {
      throw invalidArgument('checkpoint.path', "needs Node's file system: import '@gradstream/trainer/node' first, which writes checkpoint files", c.path, TypeError);
    }
  }
  const resolved: ResolvedConfig = { ...config, optimizer, engine, explain, trueW, trueB, resume };
  if (schedule) resolved.schedule = schedule;
  return resolved;
}

/** `init`: the lesson's `{ w, b }`, or every parameter of the model by name with its number of values. */
function checkInit(init: NonNullable<TrainConfig['init']>, model: Model | undefined, d: number | undefined): void {
  if (typeof init !== 'object' || init === null) throw invalidArgument('init', 'must be an object { w, b } or parameter values by name', init, TypeError);
  if ('w' in init && typeof init.b === 'number') {
    checkFiniteArray('init.w', init.w as number[], d);
    checkFinite('init.b', init.b);
    return;
  }
  if (!model) throw invalidArgument('init', 'must be { w, b } for linear regression (values by parameter name need config.model)', init, TypeError);
  const values = init as ParamValues;
  for (const { name, shape } of model.parameters) checkFiniteArray(`init.${name}`, values[name], sizeOf(shape));
}

function resolveExplain(value: TrainConfig['explain']): ResolvedConfig['explain'] {
  if (value === false) return { first: false, epochStart: false, every: 0 };
  if (value !== undefined && (typeof value !== 'object' || value === null)) throw invalidArgument('explain', 'must be an object { first, epochStart, every, requests } or false', value, TypeError);
  const o = value ?? {};
  checkKnownKeys('explain', o as Record<string, unknown>, ['first', 'epochStart', 'every', 'requests']);
  for (const k of ['first', 'epochStart'] as const) {
    if (o[k] !== undefined && typeof o[k] !== 'boolean') throw invalidArgument(`explain.${k}`, 'must be a boolean', o[k], TypeError);
  }
  const every = o.every ?? 0;
  checkNonNegativeInteger('explain.every', every);
  if (o.requests !== undefined && !isObservable(o.requests)) throw invalidArgument('explain.requests', 'must be an Observable', o.requests, TypeError);
  const resolved: ResolvedConfig['explain'] = { first: o.first ?? true, epochStart: o.epochStart ?? true, every };
  if (o.requests) resolved.requests = o.requests;
  return resolved;
}

function checkModel(model: unknown): void {
  const m = model as Partial<Model> | null;
  if (typeof m !== 'object' || m === null || typeof m.loss !== 'function' || !Array.isArray(m.parameters) || !Number.isInteger(m.d)) {
    throw invalidArgument('model', 'must be a Model { name, d, parameters, loss } (e.g. linearRegression(d))', model, TypeError);
  }
}
