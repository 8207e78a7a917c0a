/**
 * The one event schema of gradstream, version 1.
 *
 * A training run is a stream of `TrainEvent`s, a discriminated union on `type`. The same objects
 * travel in memory (RxJS), in NDJSON files (one JSON object a line) and over the monitor's
 * WebSocket, so every consumer — the CLI printout, a recording, the dashboard, a `ws` client in
 * another process — reads the same fields. Numbers are plain JSON numbers; `Float64Array`s become
 * arrays only at this boundary.
 *
 * Order of a run: one `run`, then for each minibatch one `step` (sometimes followed by an `explain` of it),
 * after each epoch one `epoch`, and finally either `done` or `error` (never both, nothing after them).
 * The `explain` event was added within v1: a reader that does not know it may skip it.
 *
 * Indexing: `epoch` and `step` are 1-based (the first step of the first epoch is epoch 1, step 1,
 * globalStep 1), as d2l prints `epoch 1, loss …`.
 *
 * @example
 * import { SCHEMA_VERSION, type TrainEvent } from '@gradstream/events';
 * const e: TrainEvent = { type: 'done', epochs: 3, steps: 300, elapsedMs: 12.5, w: [2, -3.4], b: 4.2, loss: 5e-5 };
 * console.log(SCHEMA_VERSION, JSON.stringify(e));
 */

/** Version of this schema; carried as `v` in every `run` event. Bump on any incompatible change. */
export const SCHEMA_VERSION = 1 as const;

import type { LrSchedule, ModelSpec, ParamNorms, ParamValues } from './model-spec.js';
import type { StepExplanation } from './explanation-schema.js';
export type { LrSchedule, ModelSpec, ParamNorms, ParamValues } from './model-spec.js';
export { PARAMS_IN_EVENTS_LIMIT } from './model-spec.js';
export type { GraphJson, GraphNodeJson, ParamUpdate, StepExplanation, UpdateExplanation } from './explanation-schema.js';

/** Optimizer settings with `torch.optim` semantics on the mean loss of a batch. */
export type OptimizerConfig =
  | { name: 'sgd' }
  | { name: 'momentum'; momentum?: number }
  | { name: 'adam'; beta1?: number; beta2?: number; eps?: number };

export type OptimizerName = OptimizerConfig['name'];

/** How forward/backward are computed: a fused BLAS kernel or the autograd graph. */
export type EngineName = 'fused' | 'autograd';

/** What a run was asked to do. Every field is plain JSON. */
export interface RunConfig {
  /** Number of features. */
  d: number;
  /** Rows in the dataset when known in advance (streams may not know it). */
  n?: number;
  batchSize: number;
  lr: number;
  /** Passes over the data, when the stream's plan says (a stream of unknown length does not). */
  epochs?: number;
  optimizer: OptimizerConfig;
  engine: EngineName;
  /** Seed of data, initial parameters and shuffling, when the run is seeded. */
  seed?: number;
  shuffle?: boolean;
  dropLast?: boolean;
  /** Where the data came from: `synthetic`, a file path, `stdin`, a reference fixture … */
  source?: string;
  /** A learning-rate schedule (added within v1): lr at step k (0-based) is lr + (lrEnd − lr)·min(k, steps)/steps. */
  schedule?: LrSchedule;
}

/** First event of every run. */
export interface RunEvent {
  type: 'run';
  v: typeof SCHEMA_VERSION;
  config: RunConfig;
  /** Wall-clock start, ms since the Unix epoch. */
  startedAt: number;
  /**
   * An id unique to this run (added within v1; optional). A monitor names the run by it, so a client resuming
   * with `?since=` after a restart is never spliced into another run; for a run event without one the monitor
   * derives it from the event's content (its start time, config and initial parameters).
   */
  runId?: string;
  /** The model (absent: linear regression, in recordings made before models were values). */
  model?: ModelSpec;
  /** Initial parameters by name (see `ParamValues`), or their norms for large models. */
  params?: ParamValues;
  norms?: ParamNorms;
  /** Initial parameters of linear regression (the lesson's fields, kept for v1 readers); absent for other models. */
  w?: number[];
  b?: number;
  /** True parameters when the data is synthetic. */
  trueW?: number[];
  trueB?: number;
  /** Least-squares optimum of the in-memory dataset (normal equations) and its loss. */
  optimum?: { w: number[]; b: number; loss: number };
  /** A bounded, evenly spaced sample of the dataset (at most a few hundred rows) for scatter plots. */
  sample?: { X: number[][]; y: number[] };
}

/** One minibatch: forward, loss, backward, update. */
export interface StepEvent {
  type: 'step';
  epoch: number;
  /** 1-based index of the batch inside its epoch. */
  step: number;
  /** 1-based index of the batch over the whole run. */
  globalStep: number;
  /** Rows in this batch (the last one may be short). */
  size: number;
  /** Mean over the batch of (ŷ − y)²/2, computed before the update. */
  loss: number;
  /**
   * Parameters after the update, by name (or their norms for large models). The lesson's linear regression names
   * its parameters w and b and carries them in the `w` and `b` fields instead; `parameterValues(e)` reads both.
   */
  params?: ParamValues;
  norms?: ParamNorms;
  /** Linear regression's parameters after the update (the lesson's fields); absent for other models. */
  w?: number[];
  b?: number;
  /** Euclidean norm of the gradient of the mean loss over every parameter. */
  gradNorm: number;
  /** Fraction of the batch classified correctly, for classifiers. */
  accuracy?: number;
  /** w − trueW and b − trueB after the update, when the true parameters are known. */
  wError?: number[];
  bError?: number;
  /** Recordings made before `explain` events existed carry the explanation here; new runs send an `explain` event. */
  explain?: StepExplanation;
}

/**
 * A step explained number by number. It follows the `step` event it explains — at once for the steps the
 * run explains by itself (the first step, the first step of each epoch, every k-th), or later for a step a
 * viewer asked about (a paused run) — and never changes the trajectory.
 */
export interface ExplainEvent {
  type: 'explain';
  epoch: number;
  step: number;
  globalStep: number;
  explain: StepExplanation;
}

/** End of an epoch: the loss over the whole dataset with the parameters after the epoch. */
export interface EpochEvent {
  type: 'epoch';
  epoch: number;
  /** Mean over all rows of (ŷ − y)²/2 (d2l's `train_l.mean()`); for streams, the mean of the epoch's batch losses. */
  loss: number;
  params?: ParamValues;
  norms?: ParamNorms;
  w?: number[];
  b?: number;
  /** Fraction of all rows classified correctly (of the epoch's batches, for streams), for classifiers. */
  accuracy?: number;
  /** Milliseconds since the run started. */
  elapsedMs: number;
  /** Steps taken so far in the run. */
  globalStep: number;
  wError?: number[];
  bError?: number;
  /** loss − the least-squares optimum's loss, when the dataset is in memory. */
  gapToOptimum?: number;
}

/** The run finished normally. */
export interface DoneEvent {
  type: 'done';
  epochs: number;
  steps: number;
  elapsedMs: number;
  params?: ParamValues;
  norms?: ParamNorms;
  w?: number[];
  b?: number;
  /** Last epoch loss, when an epoch completed. */
  loss?: number;
  /** Last epoch accuracy, for classifiers. */
  accuracy?: number;
}

/** The run stopped on a failure; nothing follows. */
export interface ErrorEvent {
  type: 'error';
  message: string;
  /** Where it happened, when inside the loop. */
  epoch?: number;
  globalStep?: number;
  lr?: number;
  /** What to try next, e.g. "try a smaller learning rate". */
  hint?: string;
}

export type TrainEvent = RunEvent | StepEvent | ExplainEvent | EpochEvent | DoneEvent | ErrorEvent;
export type TrainEventType = TrainEvent['type'];

/** An event of one run among several (a sweep, a directory of runs, Redis): the run's id and its event. */
export interface TaggedEvent {
  runId: string;
  event: TrainEvent;
}

