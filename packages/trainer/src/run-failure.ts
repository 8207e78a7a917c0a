/**
 * How a run ends on a failure: one `error` event naming where (epoch, global step), what, and what to try
 * next. Bad data is told apart from divergence — a NaN in the data is not cured by a smaller learning
 * rate — and divergence comes with a learning rate that a probe run has checked on the same data.
 */
import type { BatchPlan } from '@gradstream/data';
import type { TrainEvent } from '@gradstream/events';
import { nonFiniteInBatch, nonFiniteInDataset } from './batch-check.js';
import type { ResolvedConfig } from './config.js';
import { DIVERGENCE_FACTOR, suggestLearningRate } from './divergence.js';
import type { Model } from './model.js';
import type { BatchLike } from './types.js';

const DATA_HINT = 'every feature and label must be a finite number: check the dataset';

export class Failure {
  private model?: Model;
  private start?: Float64Array;
  private plan?: Readonly<BatchPlan>;
  private finished = false;

  constructor(
    private readonly cfg: ResolvedConfig,
    private readonly emit: (e: TrainEvent) => void,
    private readonly finish: () => void,
  ) {}

  /** What a divergence probe starts from: the run's model, first parameters and plan. */
  setStart(model: Model, p: Float64Array, plan: Readonly<BatchPlan> | undefined): void {
    this.model = model;
    this.start = p.slice();
    this.plan = plan;
  }

  /** Emits the run's `error` event (once). */
  fail(message: string, where: { epoch?: number; globalStep?: number; hint?: string } = {}): void {
    if (this.finished) return;
    this.finished = true;
    this.finish();
    const e: TrainEvent = { type: 'error', message, lr: this.cfg.lr };
    if (where.epoch !== undefined) {
      e.epoch = where.epoch;
      e.globalStep = where.globalStep;
    }
    if (where.hint) e.hint = where.hint;
    this.emit(e);
  }

  /** The batch loss overflowed or grew past the threshold, or the parameters stopped being finite. */
  diverged(batch: BatchLike, globalStep: number, loss: number, firstLoss: number | undefined, what?: string): void {
    const bad = nonFiniteInBatch(batch);
    if (bad !== undefined) {
      const message = `invalid data: batch ${batch.index + 1} of epoch ${batch.epoch} holds ${bad}, so its loss is not a number.`;
      return this.fail(message, { epoch: batch.epoch, globalStep, hint: DATA_HINT });
    }
    const where = `at epoch ${batch.epoch}, step ${batch.index + 1} (global step ${globalStep})`;
    const growth = Number.isFinite(loss) && firstLoss !== undefined ? ` (more than 10⁶ × the first batch loss ${firstLoss.toPrecision(4)})` : '';
    const detail = what ?? `the batch loss reached ${loss.toPrecision(4)}${growth}`;
    this.fail(`training diverged ${where}: ${detail} with lr ${this.cfg.lr}.`, { epoch: batch.epoch, globalStep, hint: this.hint() });
  }

  /** The loss over the whole dataset is not finite at an epoch's end: bad data no batch visits, or divergence. */
  epochLossNotFinite(epoch: number, globalStep: number, loss: number): void {
    const bad = this.cfg.dataset ? nonFiniteInDataset(this.cfg.dataset) : undefined;
    if (bad !== undefined) {
      const message = `invalid data: the dataset holds ${bad} (a row no batch visited, e.g. one dropped by dropLast), so the loss over all rows is not a number.`;
      return this.fail(message, { epoch, globalStep, hint: DATA_HINT });
    }
    this.fail(`training diverged: the epoch loss became ${loss} at the end of epoch ${epoch} (global step ${globalStep}) with lr ${this.cfg.lr}.`, { epoch, globalStep, hint: this.hint() });
  }

  private hint(): string {
    const { dataset, optimizer, lr } = this.cfg;
    if (dataset && this.model && this.start && this.plan) {
      const suggested = suggestLearningRate(lr, { model: this.model, dataset, plan: this.plan, optimizer, start: this.start });
      if (suggested !== undefined) return `try a smaller learning rate: lr ${suggested} converges on this data (checked by a one-epoch probe run)`;
      return 'try a smaller learning rate: none down to lr/10⁶ converged in a one-epoch probe run, so check the data scale too';
    }
    return `try a smaller learning rate, e.g. lr ${Number((lr / 10).toPrecision(3))} (not checked: the data is not in memory)`;
  }
}
