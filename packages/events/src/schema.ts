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
  /** Initial parameters, before the first update. */
  w: number[];
  b: number;
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
  /** Parameters after the update. */
  w: number[];
  b: number;
  /** Euclidean norm of the gradient of the mean loss over (w, b). */
  gradNorm: number;
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
  w: number[];
  b: number;
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
  w: number[];
  b: number;
  /** Last epoch loss, when an epoch completed. */
  loss?: number;
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

/**
 * The hand computation of one step of the linear model, as a learner would check it: computed by a real
 * autograd pass over the step's batch and the parameters before the step, then the optimizer's own rule.
 */
export interface StepExplanation {
  /** The batch: X is size×d, y has size entries. */
  X: number[][];
  y: number[];
  yHat: number[];
  /** ŷ − y, which is also ∂l/∂ŷ for l = Σ(ŷ − y)²/2. */
  residual: number[];
  /** (ŷ − y)²/2 per sample. */
  perSample: number[];
  /** Σ perSample: the value `.backward()` starts from. */
  lossSum: number;
  /** Gradients of the summed loss: ∂l/∂w = Xᵀ(ŷ − y), ∂l/∂b = Σ(ŷ − y). */
  grad: { w: number[]; b: number };
  lr: number;
  size: number;
  before: { w: number[]; b: number };
  after: { w: number[]; b: number };
  /** The optimizer's update rule with its numbers, one row per parameter (absent in old recordings: SGD). */
  update?: UpdateExplanation;
  /**
   * Largest difference between this explanation's loss sum and gradient and the numbers the run trained
   * with (the fused engine's), relative to their size: ~1e-16, and never above 1e-12.
   */
  check?: number;
  /** Rows of the batch shown (X, y, ŷ …) when the batch is larger; the sums are over all `size` rows. */
  rowsShown?: number;
  /** The computation graph with value and gradient on every node. */
  graph?: GraphJson;
}

/** How the optimizer turned the gradient into the change of each parameter, as `torch.optim` computes it. */
export interface UpdateExplanation {
  /** The optimizer and its hyperparameters (defaults filled in). */
  optimizer:
    | { name: 'sgd' }
    | { name: 'momentum'; momentum: number }
    | { name: 'adam'; beta1: number; beta2: number; eps: number };
  /** Updates taken, this one included (Adam's bias corrections use it). */
  t: number;
  /** One row per parameter: w₁ … w_d, then b. */
  params: ParamUpdate[];
}

/** One parameter's update. `change` is what the run applied: `after − before`, bit for bit. */
export interface ParamUpdate {
  name: string;
  /** g: the gradient of the batch's mean loss, ∂l/∂p / size. */
  grad: number;
  before: number;
  after: number;
  change: number;
  /** Momentum: the velocity buffer before and after (buf ← μ·buf + g; the first step takes buf ← g). */
  velocity?: { before: number; after: number };
  /** Adam: the moments before and after, their bias-corrected values and the step taken. */
  m?: { before: number; after: number };
  v?: { before: number; after: number };
  mHat?: number;
  vHat?: number;
}

/** A computation graph as exported by `@gradstream/autograd` (`toGraphJson`). */
export interface GraphJson {
  nodes: GraphNodeJson[];
  /** `from` feeds into `to` (from an input towards the loss). */
  edges: { from: string; to: string }[];
}

export interface GraphNodeJson {
  id: string;
  /** `leaf` for inputs and parameters, otherwise the op name (`matmul`, `add`, …). */
  op: string;
  name?: string;
  shape: number[];
  value: number[];
  grad: number[] | null;
}
