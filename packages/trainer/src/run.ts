/**
 * One subscription's training loop: parameters, optimizer, engine, epoch bookkeeping and the events they
 * produce. `train()` feeds it batches; the run event, checkpoints, batch checks, failures and explanations
 * each live in their own module.
 */
import type { BatchPlan } from '@gradstream/data';
import type { EpochEvent, StepEvent, TrainEvent } from '@gradstream/events';
import { createAutogradEngine } from './autograd-engine.js';
import { batchProblem } from './batch-check.js';
import { checkpointWriter } from './checkpoint-writer.js';
import { OPTIMUM_AUTO_LIMIT, type ResolvedConfig } from './config.js';
import { diverging } from './divergence.js';
import { Failure } from './run-failure.js';
import { StepExplainer } from './step-explainer.js';
import { createEvaluator, type Engine } from './fused.js';
import { DEFAULT_SEED, initialParameters } from './init.js';
import { linearRegression, type Model } from './model.js';
import { leastSquares, type Optimum } from './optimum.js';
import { createOptimizer, type Optimizer } from './optimizers.js';
import { buildCheckpoint, planOfCheckpoint } from './run-checkpoint.js';
import { addParameterErrors, buildRunEvent } from './run-event.js';
import type { BatchLike } from './types.js';

/** The mutable state of one subscription to a `train` pipeline. */
export class Run {
  finished = false;
  private model!: Model;
  private d = 0;
  private p = new Float64Array(0);
  private g = new Float64Array(0);
  private engine!: Engine;
  private optimizer!: Optimizer;
  private explainer!: StepExplainer;
  private readonly failure: Failure;
  private evaluate?: (p: Float64Array) => number;
  private optimum?: Optimum;
  private plan?: Readonly<BatchPlan>;
  private batchSize = 0;
  private firstLoss: number | undefined;
  private t0 = 0;
  private elapsedBefore = 0;
  private globalStep = 0;
  private epoch: number | undefined;
  private epochOpen = false;
  private accSum = 0;
  private accCount = 0;
  private lastEpoch = 0;
  private lastEpochLoss: number | undefined;
  private started = false;
  /** Where a resumed run would continue: the batch after the last one fully processed. */
  private resumeAt: { epoch: number; index: number } | undefined;
  /** Global step of the last checkpoint written, so the same state is not written twice. */
  private savedAt = -1;
  private inBatch = false;
  private interruptRequested = false;

  constructor(
    private readonly cfg: ResolvedConfig,
    private readonly emit: (e: TrainEvent) => void,
  ) {
    this.failure = new Failure(cfg, emit, () => this.finish());
  }

  /** Starts the clock; the `run` event goes out with the first batch, which carries the stream's plan. */
  start(): void {
    this.t0 = performance.now();
  }

  private begin(first: Pick<BatchLike, 'd' | 'size' | 'plan'>): void {
    const { cfg } = this;
    this.started = true;
    // The run's feature count: what the config says, else the first batch's (a batch that disagrees is refused).
    const d = cfg.model?.d ?? cfg.dataset?.d ?? cfg.init?.w.length ?? cfg.resume?.w.length ?? first.d;
    this.d = d;
    this.plan = first.plan;
    this.batchSize = first.plan?.batchSize ?? cfg.resume?.data.batchSize ?? first.size;
    this.model = cfg.model ?? linearRegression(d);
    const dim = this.model.parameters.reduce((s, q) => s + q.shape.reduce((a, b) => a * b, 1), 0);
    this.p = new Float64Array(dim);
    this.g = new Float64Array(dim);
    const resume = cfg.resume;
    const init = resume ? { w: resume.w, b: resume.b } : cfg.init ?? initialParameters(d, this.plan?.seed ?? DEFAULT_SEED);
    this.p.set(init.w);
    this.p[d] = init.b;
    this.optimizer = createOptimizer(cfg.optimizer, dim, resume?.optimizer);
    const fused = cfg.engine === 'fused' ? this.model.fused?.(this.batchSize) : undefined;
    this.engine = fused ?? createAutogradEngine(this.model);
    this.explainer = new StepExplainer(this.model, cfg, this.optimizer, this.emit);
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
    this.failure.setStart(this.model, this.p, this.plan);
    this.emit(buildRunEvent(cfg, this.plan, d, first.size, this.p, this.optimum));
  }

  batch(batch: BatchLike): void {
    this.inBatch = true;
    // try/catch inline rather than through guard(): no closure per batch on the hot path.
    try {
      if (!this.started) this.begin(batch);
      const problem = batchProblem(batch, this.d, this.plan?.batchSize ?? this.cfg.resume?.data.batchSize);
      if (problem !== undefined) throw new RangeError(problem);
      if (this.epoch !== undefined && batch.epoch !== this.epoch && this.epochOpen) this.closeEpoch();
      if (this.finished) return;
      this.epoch = batch.epoch;
      const opening = batch.index === 0 || !this.epochOpen;
      this.step(batch, opening);
      if (this.finished) return;
      this.resumeAt = batch.last === true ? { epoch: batch.epoch + 1, index: 0 } : { epoch: batch.epoch, index: batch.index + 1 };
      const every = this.cfg.checkpoint?.everySteps;
      if (batch.last === true) this.closeEpoch();
      else if (every !== undefined && this.globalStep % every === 0) this.saveCheckpoint(this.resumeAt);
    } catch (err) {
      this.fail(err instanceof Error ? err.message : String(err), { epoch: this.epoch });
    } finally {
      this.inBatch = false;
    }
    if (this.interruptRequested) this.saveInterrupted();
    if (!this.finished) this.explainer.flushRequest(this.globalStep, this.p);
  }

  /** A viewer asked to explain the current step: now between batches, or right after the batch under way. */
  requestExplanation(): void {
    if (this.finished || !this.started) return;
    if (this.inBatch) this.explainer.requestAfterBatch();
    else this.explainer.explainLatest(this.globalStep, this.p);
  }

  /**
   * The run was stopped before its end (unsubscribed: Ctrl-C, `take(k)`, a crash handler): write the
   * checkpoint of exactly where it stands, so a resume continues from the last step taken. Unsubscribing
   * happens inside an emit, in the middle of a batch; the write then waits until that batch is accounted for.
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
    try {
      // A resumed run whose checkpoint was written at its end gets no batch: it still starts and ends.
      if (!this.started && this.cfg.resume) this.begin(planOfCheckpoint(this.cfg));
      if (!this.started) {
        this.fail('the minibatch stream completed before its first batch, so there is nothing to train on');
        return;
      }
      if (this.epochOpen) this.closeEpoch();
      if (this.finished) return;
      if (this.cfg.checkpoint && this.epoch !== undefined) this.saveCheckpoint({ epoch: this.lastEpoch + 1, index: 0 });
      const done: TrainEvent = { type: 'done', epochs: this.lastEpoch, steps: this.globalStep, elapsedMs: this.elapsed(), w: this.w(), b: this.p[this.d] };
      if (this.lastEpochLoss !== undefined) done.loss = this.lastEpochLoss;
      this.finish();
      this.emit(done);
    } catch (err) {
      this.fail(err instanceof Error ? err.message : String(err), { epoch: this.epoch });
    }
  }

  fail(message: string, where: { epoch?: number; hint?: string } = {}): void {
    this.failure.fail(message, { ...where, globalStep: this.globalStep });
  }

  private finish(): void {
    this.finished = true;
  }
  private step(batch: BatchLike, opening: boolean): void {
    const { d, p, g, cfg } = this;
    const size = batch.size;
    this.globalStep++;
    const explain = this.explainer.wants(this.globalStep, opening);
    const lossSum = this.engine.forwardBackward(batch.X, batch.y, size, p, g);
    const loss = lossSum / size;
    let g2 = 0;
    for (let i = 0; i < g.length; i++) g2 += g[i] * g[i];
    const gradNorm = Math.sqrt(g2) / size;
    if (diverging(loss, this.firstLoss)) return this.failure.diverged(batch, this.globalStep, loss, this.firstLoss);
    this.firstLoss ??= loss;
    this.explainer.beforeUpdate(explain, batch, p, lossSum);
    this.optimizer.step(p, g, cfg.lr, size);
    for (let i = 0; i < p.length; i++) {
      if (!Number.isFinite(p[i])) return this.failure.diverged(batch, this.globalStep, loss, this.firstLoss, `the parameters became ${p[i]}`);
    }
    const w = this.w();
    const e: StepEvent = { type: 'step', epoch: batch.epoch, step: batch.index + 1, globalStep: this.globalStep, size, loss, w, b: p[d], gradNorm };
    this.addErrors(e, w);
    this.accSum += loss;
    this.accCount++;
    this.epochOpen = true;
    this.emit(e);
    this.explainer.afterStep(explain, e, batch, p, g, lossSum);
  }

  private closeEpoch(): void {
    const epoch = this.epoch!;
    const loss = this.evaluate ? this.evaluate(this.p) : this.accSum / this.accCount;
    if (!Number.isFinite(loss)) return this.failure.epochLossNotFinite(epoch, this.globalStep, loss);
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
    if (this.savedAt === this.globalStep && !this.epochOpen) return; // the same state is on disk already
    this.savedAt = this.globalStep;
    const at = { next, globalStep: this.globalStep, epochAcc: { sum: this.accSum, count: this.accCount }, elapsedMs: this.elapsed() };
    checkpointWriter()!(this.cfg.checkpoint!.path, buildCheckpoint(this.cfg, this.plan, this.batchSize, this.d, this.p, this.optimizer.state(), at));
  }

  private addErrors(e: StepEvent | EpochEvent, w: number[]): void {
    addParameterErrors(e, w, this.p[this.d], this.cfg);
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

