/**
 * One subscription's training loop: parameters, optimizer, engine, epoch bookkeeping and the events they
 * produce. `train()` feeds it batches; the run event, checkpoints, batch checks, failures and explanations
 * each live in their own module.
 */
import type { BatchPlan } from '@gradstream/data';
import type { DoneEvent, EpochEvent, StepEvent, TrainEvent } from '@gradstream/events';
import { batchProblem, labelProblem } from './batch-check.js';
import { checkpointWriter } from './checkpoint-writer.js';
import type { ResolvedConfig } from './config.js';
import { diverging } from './divergence.js';
import { learningRate } from './lr-schedule.js';
import { Failure } from './run-failure.js';
import { StepExplainer } from './step-explainer.js';
import { buildCheckpoint, planOfCheckpoint } from './run-checkpoint.js';
import { addParameterErrors, buildRunEvent } from './run-event.js';
import { startRun, type RunSetup } from './run-start.js';
import type { BatchLike } from './types.js';

/** The mutable state of one subscription to a `train` pipeline. */
export class Run {
  finished = false;
  private s!: RunSetup;
  private d = 0;
  private p = new Float64Array(0);
  private g = new Float64Array(0);
  private explainer!: StepExplainer;
  private readonly failure: Failure;
  private plan?: Readonly<BatchPlan>;
  private firstLoss: number | undefined;
  private t0 = 0;
  private elapsedBefore = 0;
  private globalStep = 0;
  private epoch: number | undefined;
  private epochOpen = false;
  private accSum = 0;
  private accCount = 0;
  /** Rows and correctly classified rows of the open epoch (classifiers, streams without a dataset). */
  private rows = 0;
  private right = 0;
  private lastEpoch = 0;
  private lastEpochLoss: number | undefined;
  private lastAccuracy: number | undefined;
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
    const s = (this.s = startRun(cfg, first));
    Object.assign(this, { d: s.d, p: s.p, g: s.g, plan: s.plan });
    this.explainer = new StepExplainer(s.model, cfg, s.optimizer, this.emit);
    const resume = cfg.resume;
    if (resume) {
      this.globalStep = resume.position.globalStep;
      this.elapsedBefore = resume.elapsedMs;
      this.accSum = resume.epochAcc.sum;
      this.accCount = resume.epochAcc.count;
      this.epoch = resume.position.epoch;
      this.epochOpen = resume.position.index > 0 || resume.epochAcc.count > 0;
      this.lastEpoch = resume.position.epoch - 1;
    }
    this.failure.setStart(s.model, this.p, this.plan);
    this.emit(buildRunEvent(cfg, s, first.size));
  }

  batch(batch: BatchLike): void {
    this.inBatch = true;
    // try/catch inline rather than through guard(): no closure per batch on the hot path.
    try {
      if (!this.started) this.begin(batch);
      const { head, outputs } = this.s.model;
      const problem = batchProblem(batch, this.d, this.plan?.batchSize ?? this.cfg.resume?.data.batchSize) ?? (head?.predict ? labelProblem(batch, head, outputs ?? 1) : undefined);
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
      const done: DoneEvent = { type: 'done', epochs: this.lastEpoch, steps: this.globalStep, elapsedMs: this.elapsed(), ...this.s.view.fields(this.p) };
      if (this.lastEpochLoss !== undefined) done.loss = this.lastEpochLoss;
      if (this.lastAccuracy !== undefined) done.accuracy = this.lastAccuracy;
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
    const { p, g, cfg } = this;
    const { engine, optimizer, view } = this.s;
    const size = batch.size;
    const lr = learningRate(cfg.lr, cfg.schedule, this.globalStep);
    this.globalStep++;
    const explain = this.explainer.wants(this.globalStep, opening);
    const lossSum = engine.forwardBackward(batch.X, batch.y, size, p, g);
    const loss = lossSum / size;
    let g2 = 0;
    for (let i = 0; i < g.length; i++) g2 += g[i] * g[i];
    const gradNorm = Math.sqrt(g2) / size;
    if (diverging(loss, this.firstLoss)) return this.failure.diverged(batch, this.globalStep, loss, this.firstLoss);
    this.firstLoss ??= loss;
    this.explainer.beforeUpdate(explain, batch, p, lossSum);
    optimizer.step(p, g, lr, size);
    for (let i = 0; i < p.length; i++) {
      if (!Number.isFinite(p[i])) return this.failure.diverged(batch, this.globalStep, loss, this.firstLoss, `the parameters became ${p[i]}`);
    }
    const e: StepEvent = { type: 'step', epoch: batch.epoch, step: batch.index + 1, globalStep: this.globalStep, size, loss, ...view.fields(p), gradNorm };
    if (engine.correct !== undefined) {
      e.accuracy = engine.correct / size;
      this.rows += size;
      this.right += engine.correct;
    }
    this.addErrors(e);
    this.accSum += loss;
    this.accCount++;
    this.epochOpen = true;
    this.emit(e);
    this.explainer.afterStep(explain, e, batch, p, g, lossSum, lr);
  }

  private closeEpoch(): void {
    const epoch = this.epoch!;
    const { evaluate, optimum, view } = this.s;
    const measured = evaluate?.(this.p);
    const loss = measured ? measured.loss : this.accSum / this.accCount;
    if (!Number.isFinite(loss)) return this.failure.epochLossNotFinite(epoch, this.globalStep, loss);
    const e: EpochEvent = { type: 'epoch', epoch, loss, ...view.fields(this.p), elapsedMs: this.elapsed(), globalStep: this.globalStep };
    const accuracy = measured ? measured.accuracy : this.rows > 0 ? this.right / this.rows : undefined;
    if (accuracy !== undefined) e.accuracy = accuracy;
    this.addErrors(e);
    if (optimum) e.gapToOptimum = loss - optimum.loss;
    this.lastEpoch = epoch;
    this.lastEpochLoss = loss;
    this.lastAccuracy = accuracy;
    this.accSum = 0;
    this.accCount = 0;
    this.rows = 0;
    this.right = 0;
    this.epochOpen = false;
    this.emit(e);
    if (this.cfg.checkpoint) this.saveCheckpoint({ epoch: epoch + 1, index: 0 });
  }

  private saveCheckpoint(next: { epoch: number; index: number }): void {
    if (this.savedAt === this.globalStep && !this.epochOpen) return; // the same state is on disk already
    this.savedAt = this.globalStep;
    const at = { next, globalStep: this.globalStep, epochAcc: { sum: this.accSum, count: this.accCount }, elapsedMs: this.elapsed() };
    const { batchSize, view, model, optimizer } = this.s;
    checkpointWriter()!(this.cfg.checkpoint!.path, buildCheckpoint(this.cfg, this.plan, batchSize, { legacy: view.legacy, spec: model.spec }, this.p, optimizer.state(), at));
  }

  /** w − trueW and b − trueB, for the lesson's model when the truth is known. */
  private addErrors(e: StepEvent | EpochEvent): void {
    if (e.w !== undefined) addParameterErrors(e, e.w, e.b!, this.cfg);
  }

  private elapsed(): number {
    return this.elapsedBefore + (performance.now() - this.t0);
  }
}

