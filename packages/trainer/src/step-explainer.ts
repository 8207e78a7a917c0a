/**
 * Which steps of a run are explained, and when: the first step, the first step of each epoch and every
 * k-th (decided before the step, so the state before it is kept), and the latest step whenever a viewer
 * asks (`explain.requests`; then the state before every step is kept, and the batch stays as it is until
 * the next one is made). Each explanation is an `explain` event right after — or, on request, some time
 * after — the `step` event it explains.
 */
import type { StepEvent, TrainEvent } from '@gradstream/events';
import type { ResolvedConfig } from './config.js';
import { explainStep } from './explain-step.js';
import { subscriptName, type Model } from './model.js';
import type { Optimizer, OptimizerState } from './optimizers.js';
import type { BatchLike } from './types.js';
import { explainUpdate } from './update-explanation.js';

export class StepExplainer {
  private readonly names: string[];
  private readonly retaining: boolean;
  private pBefore: Float64Array | undefined;
  private stateBefore: OptimizerState | undefined;
  private stepsTaken = 0;
  /** The latest step, kept for a request: its event, batch and loss sum (the gradient stays in the run's buffer). */
  private last: { event: StepEvent | undefined; batch: BatchLike; lossSum: number; g: Float64Array | undefined; lr: number } | undefined;
  private explainedStep = 0;
  private requested = false;

  constructor(
    private readonly model: Model,
    private readonly cfg: ResolvedConfig,
    private readonly optimizer: Optimizer,
    private readonly emit: (e: TrainEvent) => void,
  ) {
    this.names = model.parameters.flatMap(({ name, shape }) => subscriptName(name, shape));
    this.retaining = cfg.explain.requests !== undefined;
  }

  /** Whether the step about to be taken is explained by the run's own policy. */
  wants(globalStep: number, opensEpoch: boolean): boolean {
    const { first, epochStart, every } = this.cfg.explain;
    const firstStep = this.stepsTaken++ === 0;
    return (first && firstStep) || (epochStart && opensEpoch) || (every > 0 && globalStep % every === 0);
  }

  /** Right before the update: keeps what an explanation of this step needs (every step, when viewers may ask). */
  beforeUpdate(explain: boolean, batch: BatchLike, p: Float64Array, lossSum: number): void {
    if (!explain && !this.retaining) return;
    this.pBefore ??= new Float64Array(p.length);
    this.pBefore.set(p);
    this.stateBefore = this.optimizer.state();
    if (this.retaining) this.last = { event: undefined, batch, lossSum, g: undefined, lr: this.cfg.lr };
  }

  /** Right after the step event: explains it when the policy says so, else keeps it for a request. */
  afterStep(explain: boolean, event: StepEvent, batch: BatchLike, p: Float64Array, g: Float64Array, lossSum: number, lr: number): void {
    if (this.last) Object.assign(this.last, { event, g, lr });
    if (explain) this.explain(event, batch, p, g, lossSum, lr);
  }

  private explain(event: StepEvent, batch: BatchLike, p: Float64Array, g: Float64Array, lossSum: number, lr: number): void {
    if (this.explainedStep === event.globalStep) return;
    this.explainedStep = event.globalStep;
    const update = explainUpdate(this.names, this.pBefore!, p, g, batch.size, this.stateBefore!, this.optimizer.state());
    const explain = explainStep(this.model, batch, this.pBefore!, lr, update, { lossSum, gSum: g });
    this.emit({ type: 'explain', epoch: event.epoch, step: event.step, globalStep: event.globalStep, explain });
  }

  /** Explains the latest step, now (between batches: its batch is still as it was). */
  explainLatest(globalStep: number, p: Float64Array): void {
    const last = this.last;
    if (!last?.event || !last.g || last.event.globalStep !== globalStep) return;
    this.explain(last.event, last.batch, p, last.g, last.lossSum, last.lr);
  }

  /** A request arrived during a batch: answer it once the batch is done. */
  requestAfterBatch(): void {
    this.requested = true;
  }

  flushRequest(globalStep: number, p: Float64Array): void {
    if (!this.requested) return;
    this.requested = false;
    this.explainLatest(globalStep, p);
  }
}
