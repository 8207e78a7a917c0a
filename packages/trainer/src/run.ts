/**
 * One subscription's training loop: parameters, optimizer, engine, epoch bookkeeping, checkpoints,
 * and the events they produce. `train()` feeds it batches and forwards what it emits.
 */
import {
  SCHEMA_VERSION,
  type EpochEvent,
  type RunConfig,
  type RunEvent,
  type StepEvent,
  type TrainEvent,
} from '@gradstream/events';
import { createAutogradEngine } from './autograd-engine.js';
import type { Checkpoint } from './checkpoint.js';
import { writeCheckpointSync } from './checkpoint.js';
import { OPTIMUM_AUTO_LIMIT, type ResolvedConfig, type TrainConfig } from './config.js';
import { explainStep } from './explanation.js';
import { createEvaluator, createFusedEngine, type Engine } from './fused.js';
import { DEFAULT_SEED, initialParameters } from './init.js';
import { leastSquares, type Optimum } from './optimum.js';
import { createOptimizer, type Optimizer } from './optimizers.js';
import { sample } from './sample.js';
import type { BatchLike } from './types.js';

/** The mutable state of one subscription to a `train` pipeline. */
export class Run {
  finished = false;
  private d = 0;
  private p = new Float64Array(0);
  private g = new Float64Array(0);
  private engine!: Engine;
  private optimizer!: Optimizer;
  private evaluate?: (p: Float64Array) => number;
  private optimum?: Optimum;
  private t0 = 0;
  private elapsedBefore = 0;
  private globalStep = 0;
  private epoch: number | undefined;
  private epochOpen = false;
  private accSum = 0;
  private accCount = 0;
  private lastEpoch = 0;
  private lastEpochLoss: number | undefined;
  private batchSize: number | undefined;
  private started = false;
  /** Where a resumed run would continue: the batch after the last one fully processed. */
  private resumeAt: { epoch: number; index: number } | undefined;
  private inBatch = false;
  private interruptRequested = false;

  constructor(
    private readonly cfg: ResolvedConfig,
    private readonly emit: (e: TrainEvent) => void,
  ) {}

  /** Emits `run` now when the feature count is already known (dataset, init or checkpoint). */
  start(): void {
    this.t0 = performance.now();
    const d = this.cfg.dataset?.d ?? this.cfg.resume?.w.length ?? this.cfg.init?.w.length;
    if (d !== undefined) this.guard(() => this.begin(d, this.cfg.batchSize));
  }

  private begin(d: number, firstBatchSize: number | undefined): void {
    const { cfg } = this;
    this.started = true;
    this.d = d;
    this.batchSize = cfg.batchSize ?? cfg.resume?.data.batchSize ?? firstBatchSize;
    this.p = new Float64Array(d + 1);
    this.g = new Float64Array(d + 1);
    const resume = cfg.resume;
    const init = resume ? { w: resume.w, b: resume.b } : cfg.init ?? initialParameters(d, cfg.seed ?? DEFAULT_SEED);
    this.p.set(init.w);
    this.p[d] = init.b;
    this.optimizer = createOptimizer(cfg.optimizer, d + 1, resume?.optimizer);
    this.engine = cfg.engine === 'fused' ? createFusedEngine(d, this.batchSize ?? 1) : createAutogradEngine(d);
    if (resume) {
      this.globalStep = resume.position.globalStep;
      this.elapsedBefore = resume.elapsedMs;
      this.accSum = resume.epochAcc.sum;
      this.accCount = resume.epochAcc.count;
      this.epoch = resume.position.epoch;
      this.epochOpen = resume.position.index > 0 || resume.epochAcc.count > 0;
      this.lastEpoch = resume.position.epoch - 1;
    }
    const ds = cfg.dataset;
    if (ds) {
      this.evaluate = createEvaluator(ds.X, ds.y, ds.n, ds.d);
      const solve = cfg.optimum ?? ds.n * ds.d * ds.d <= OPTIMUM_AUTO_LIMIT;
      if (solve) this.optimum = leastSquares(ds.X, ds.y, ds.n, ds.d, this.evaluate);
    }
    const config: RunConfig = {
      d,
      batchSize: this.batchSize ?? 0,
      lr: cfg.lr,
      epochs: cfg.epochs ?? resume?.data.epochs ?? 0,
      optimizer: { ...cfg.optimizer },
      engine: cfg.engine,
    };
    if (ds) config.n = ds.n;
    const seed = cfg.seed ?? resume?.data.seed;
    if (seed !== undefined) config.seed = seed;
    const shuffle = cfg.shuffle ?? resume?.data.shuffle;
    if (shuffle !== undefined) config.shuffle = shuffle;
    const dropLast = cfg.dropLast ?? resume?.data.dropLast;
    if (dropLast !== undefined) config.dropLast = dropLast;
    if (cfg.source !== undefined) config.source = cfg.source;
    const run: RunEvent = { type: 'run', v: SCHEMA_VERSION, config, startedAt: Date.now(), w: this.w(), b: this.p[d] };
    if (cfg.trueW) run.trueW = [...cfg.trueW];
    if (cfg.trueB !== undefined) run.trueB = cfg.trueB;
    if (this.optimum) run.optimum = this.optimum;
    if (ds) run.sample = sample(ds);
    this.emit(run);
  }

  batch(batch: BatchLike): void {
    this.inBatch = true;
    // try/catch inline rather than through guard(): no closure per batch on the hot path.
    try {
      if (!this.started) this.begin(batch.d, batch.size);
      const problem = batchProblem(batch, this.d, this.cfg.batchSize ?? this.cfg.resume?.data.batchSize);
      if (problem !== undefined) throw new RangeError(problem);
      if (this.epoch !== undefined && batch.epoch !== this.epoch && this.epochOpen) this.closeEpoch();
      this.epoch = batch.epoch;
      this.step(batch);
      if (this.finished) return;
      const every = this.cfg.checkpoint?.everySteps;
      if (batch.last === true) this.closeEpoch();
      else if (every !== undefined && this.globalStep % every === 0) this.saveCheckpoint({ epoch: batch.epoch, index: batch.index + 1 });
      this.resumeAt = batch.last === true ? { epoch: batch.epoch + 1, index: 0 } : { epoch: batch.epoch, index: batch.index + 1 };
    } catch (err) {
      this.fail(err instanceof Error ? err.message : String(err), { epoch: this.epoch });
    }
    this.inBatch = false;
    if (this.interruptRequested) this.saveInterrupted();
  }

  /**
   * The run was stopped before its end (unsubscribed: Ctrl-C, `take(k)`, a crash handler): write the
   * checkpoint of exactly where it stands, so a resume continues from the last step taken rather than
   * from the last periodic checkpoint. Unsubscribing happens synchronously inside an emit, in the
   * middle of a batch; the write then waits until that batch is fully accounted for (its epoch closed).
   */
  interrupt(): void {
    if (this.inBatch) this.interruptRequested = true;
    else this.saveInterrupted();
  }

  private saveInterrupted(): void {
    this.interruptRequested = false;
    if (this.cfg.checkpoint && !this.finished && this.resumeAt) this.saveCheckpoint(this.resumeAt);
  }

  complete(): void {
    this.guard(() => {
      if (!this.started) {
        this.fail('the minibatch stream completed before its first batch, so there is nothing to train on');
        return;
      }
      if (this.epochOpen) this.closeEpoch();
      if (this.cfg.checkpoint && this.epoch !== undefined) this.saveCheckpoint({ epoch: this.lastEpoch + 1, index: 0 });
      const done: TrainEvent = {
        type: 'done',
        epochs: this.lastEpoch,
        steps: this.globalStep,
        elapsedMs: this.elapsed(),
        w: this.w(),
        b: this.p[this.d],
      };
      if (this.lastEpochLoss !== undefined) done.loss = this.lastEpochLoss;
      this.finished = true;
      this.emit(done);
    });
  }

  fail(message: string, where: { epoch?: number; hint?: string } = {}): void {
    if (this.finished) return;
    this.finished = true;
    const e: TrainEvent = { type: 'error', message, lr: this.cfg.lr };
    if (where.epoch !== undefined) {
      e.epoch = where.epoch;
      e.globalStep = this.globalStep;
    }
    if (where.hint) e.hint = where.hint;
    this.emit(e);
  }

  /** Runs `fn`, turning anything thrown (a bad batch, a full disk) into an `error` event. */
  private guard(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.fail(err instanceof Error ? err.message : String(err), { epoch: this.epoch });
    }
  }

  private step(batch: BatchLike): void {
    const { d, p, g, cfg } = this;
    const size = batch.size;
    this.globalStep++;
    const lossSum = this.engine.forwardBackward(batch.X, batch.y, size, p, g);
    const loss = lossSum / size;
    const explain = cfg.explainEvery > 0 && this.globalStep % cfg.explainEvery === 0;
    const before = explain ? { w: this.w(), b: p[d] } : undefined;
    let g2 = 0;
    for (let i = 0; i <= d; i++) g2 += g[i] * g[i];
    const gradNorm = Math.sqrt(g2) / size;
    if (!Number.isFinite(loss)) return this.diverged(batch, `loss became ${loss} at epoch ${batch.epoch}, step ${batch.index + 1} (global step ${this.globalStep})`);
    this.optimizer.step(p, g, cfg.lr, size);
    for (let i = 0; i <= d; i++) {
      if (!Number.isFinite(p[i])) return this.diverged(batch, `the parameters became ${p[i]} after epoch ${batch.epoch}, step ${batch.index + 1} (global step ${this.globalStep}); loss was ${loss}`);
    }
    const w = this.w();
    const e: StepEvent = { type: 'step', epoch: batch.epoch, step: batch.index + 1, globalStep: this.globalStep, size, loss, w, b: p[d], gradNorm };
    this.addErrors(e, w);
    if (before) e.explain = explainStep(batch, this.engine, g, lossSum, cfg.lr, before, { w, b: p[d] });
    this.accSum += loss;
    this.accCount++;
    this.epochOpen = true;
    this.emit(e);
  }

  private diverged(batch: BatchLike, what: string): void {
    // A NaN or Infinity in the data makes the loss non-finite at any learning rate: say that instead.
    const bad = nonFiniteValue(batch);
    if (bad !== undefined) {
      this.fail(`invalid data: batch ${batch.index + 1} of epoch ${batch.epoch} holds ${bad}, so its loss is not a number.`, {
        epoch: batch.epoch,
        hint: 'every feature and label must be a finite number: check the dataset',
      });
      return;
    }
    const smaller = this.cfg.lr / 10;
    this.fail(`training diverged: ${what} with lr ${this.cfg.lr}.`, {
      epoch: batch.epoch,
      hint: `try a smaller learning rate, e.g. lr ${Number(smaller.toPrecision(3))}`,
    });
  }

  private closeEpoch(): void {
    const epoch = this.epoch!;
    const loss = this.evaluate ? this.evaluate(this.p) : this.accSum / this.accCount;
    if (!Number.isFinite(loss)) {
      this.fail(`training diverged: the epoch loss became ${loss} at the end of epoch ${epoch} (global step ${this.globalStep}) with lr ${this.cfg.lr}.`, {
        epoch,
        hint: `try a smaller learning rate, e.g. lr ${Number((this.cfg.lr / 10).toPrecision(3))}`,
      });
      return;
    }
    const w = this.w();
    const e: EpochEvent = { type: 'epoch', epoch, loss, w, b: this.p[this.d], elapsedMs: this.elapsed(), globalStep: this.globalStep };
    this.addErrors(e, w);
    if (this.optimum) e.gapToOptimum = loss - this.optimum.loss;
    this.lastEpoch = epoch;
    this.lastEpochLoss = loss;
    this.accSum = 0;
    this.accCount = 0;
    this.epochOpen = false;
    this.emit(e);
    if (this.cfg.checkpoint) this.saveCheckpoint({ epoch: epoch + 1, index: 0 });
  }

  private saveCheckpoint(next: { epoch: number; index: number }): void {
    const { cfg } = this;
    const cp: Checkpoint = {
      v: 1,
      w: this.w(),
      b: this.p[this.d],
      optimizer: this.optimizer.state(),
      lr: cfg.lr,
      engine: cfg.engine,
      position: { ...next, globalStep: this.globalStep },
      data: {
        batchSize: this.batchSize ?? 0,
        epochs: cfg.epochs ?? cfg.resume?.data.epochs ?? this.lastEpoch,
        shuffle: cfg.shuffle ?? cfg.resume?.data.shuffle ?? true,
        dropLast: cfg.dropLast ?? cfg.resume?.data.dropLast ?? false,
      },
      epochAcc: { sum: this.accSum, count: this.accCount },
      elapsedMs: this.elapsed(),
      savedAt: Date.now(),
    };
    const seed = cfg.seed ?? cfg.resume?.data.seed;
    if (seed !== undefined) cp.data.seed = seed;
    const recipe = cfg.recipe ?? recipeOf(cfg.resume);
    if (recipe) Object.assign(cp.data, recipe);
    writeCheckpointSync(cfg.checkpoint!.path, cp);
  }

  private addErrors(e: StepEvent | EpochEvent, w: number[]): void {
    const { trueW, trueB } = this.cfg;
    if (trueW) {
      const err = new Array<number>(w.length);
      for (let j = 0; j < w.length; j++) err[j] = w[j] - trueW[j];
      e.wError = err;
    }
    if (trueB !== undefined) e.bError = this.p[this.d] - trueB;
  }

  private w(): number[] {
    // A plain loop: Array.from(subarray) costs a view allocation and an iterator per call.
    const { p, d } = this;
    const w = new Array<number>(d);
    for (let j = 0; j < d; j++) w[j] = p[j];
    return w;
  }

  private elapsed(): number {
    return this.elapsedBefore + (performance.now() - this.t0);
  }
}

/** Why a batch cannot be trained on, or undefined when it fits a run with `d` features. */
function batchProblem(b: BatchLike, d: number, batchSize: number | undefined): string | undefined {
  // Runs on every batch: messages are built only when a check fails (a template per batch costs as much as a step).
  if (!Number.isInteger(b.epoch) || b.epoch < 1) return badBatch(b, `epoch must be a positive integer. Value: \`${b.epoch}\`.`);
  if (!Number.isInteger(b.size) || b.size < 1) return badBatch(b, `size must be a positive integer. Value: \`${b.size}\`.`);
  if (b.d !== d) return badBatch(b, `d must be ${d} (the run's feature count). Value: \`${b.d}\`.`);
  if (!(b.X instanceof Float64Array) || b.X.length < b.size * b.d) {
    return badBatch(b, `X must be a Float64Array of at least size·d = ${b.size * b.d} entries. Value: \`${b.X?.length}\`.`);
  }
  if (!(b.y instanceof Float64Array) || b.y.length < b.size) {
    return badBatch(b, `y must be a Float64Array of at least size = ${b.size} entries. Value: \`${b.y?.length}\`.`);
  }
  // The run event and checkpoints record the declared batch size: batches that contradict it would make them lie.
  if (batchSize !== undefined && (b.size > batchSize || (b.size < batchSize && b.last === false))) {
    return badBatch(b, `size must be the config's batchSize ${batchSize} (only the last batch of an epoch may be shorter). Value: \`${b.size}\`.`);
  }
  return undefined;
}

function badBatch(b: BatchLike, problem: string): string {
  return `invalid batch ${b.index ?? '?'} of epoch ${b.epoch ?? '?'}. ${problem}`;
}

function recipeOf(cp: Checkpoint | undefined): TrainConfig['recipe'] {
  const d = cp?.data;
  if (d?.n === undefined || d.trueW === undefined || d.trueB === undefined || d.noise === undefined) return undefined;
  return { n: d.n, trueW: d.trueW, trueB: d.trueB, noise: d.noise };
}

/** Describes the first NaN or ±Infinity in a batch (`X[row 3, feature 2] = NaN`), or undefined when all are finite. */
function nonFiniteValue(batch: BatchLike): string | undefined {
  const { X, y, size, d } = batch;
  const rowName = (k: number) => (batch.indices ? `row ${k + 1} (dataset row ${batch.indices[k]})` : `row ${k + 1}`);
  for (let k = 0; k < size; k++) {
    for (let j = 0; j < d; j++) if (!Number.isFinite(X[k * d + j])) return `X[${rowName(k)}, feature ${j + 1}] = ${X[k * d + j]}`;
    if (!Number.isFinite(y[k])) return `y[${rowName(k)}] = ${y[k]}`;
  }
  return undefined;
}
