import { isInterruption, type TrainEvent } from '@gradstream/events';
import type { RunSummary } from './runs-protocol.js';

// JSON carries a diverged NaN or Infinity as null; a summary keeps only finite numbers.
const finite = (x: number | null | undefined): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

/**
 * A run's summary (`RunSummary`: status, final loss, gap to optimum, steps, epochs, time), kept up to
 * date event by event in O(1) and without allocation per step, for the run list and the runs table.
 *
 * @example
 * import { RunSummaryTracker } from './run-summary.js';
 * const run = new RunSummaryTracker('lr=0.03');
 * run.apply({ type: 'epoch', epoch: 1, loss: 0.5, elapsedMs: 12, globalStep: 100 });
 * run.apply({ type: 'error', message: 'training diverged at step 120', globalStep: 120 });
 * const { status, finalLoss, steps, message } = run.summary();
 * console.log(status, finalLoss, steps, message); // diverged null 120 training diverged at step 120
 */
export class RunSummaryTracker {
  private current: RunSummary;
  private optimumLoss: number | null = null;

  constructor(readonly id: string) {
    this.current = { id, config: null, status: 'live', finalLoss: null, gapToOptimum: null, steps: 0, epochs: 0, elapsedMs: null, startedAt: null };
  }

  get status(): RunSummary['status'] {
    return this.current.status;
  }

  /** Folds one event of the run in; returns whether the summary changed. */
  apply(event: TrainEvent): boolean {
    const s = this.current;
    switch (event.type) {
      case 'run':
        // A run event starts the run over (a resumed run announces itself again).
        this.current = { ...s, config: event.config, status: 'live', startedAt: event.startedAt, finalLoss: null, gapToOptimum: null, steps: 0, epochs: 0, elapsedMs: null };
        delete this.current.message;
        this.optimumLoss = finite(event.optimum?.loss);
        return true;
      case 'step':
        if (event.globalStep === s.steps && s.status !== 'interrupted') return false;
        this.goOn();
        s.steps = event.globalStep;
        return true;
      case 'epoch':
        this.goOn();
        s.epochs = event.epoch;
        s.steps = event.globalStep;
        s.elapsedMs = event.elapsedMs;
        this.setLoss(event.loss, event.gapToOptimum);
        return true;
      case 'done':
        s.status = 'done';
        s.steps = event.steps;
        s.epochs = event.epochs;
        s.elapsedMs = event.elapsedMs;
        if (event.loss !== undefined) this.setLoss(event.loss, undefined);
        return true;
      case 'error':
        s.status = isInterruption(event) ? 'interrupted' : /diverged/.test(event.message) ? 'diverged' : 'failed';
        // A run that failed has no result: the loss of an epoch before it broke would read as one.
        if (s.status !== 'interrupted') [s.finalLoss, s.gapToOptimum] = [null, null];
        s.message = event.message;
        if (event.globalStep !== undefined) s.steps = event.globalStep;
        return true;
      default:
        return false;
    }
  }

  /**
   * An interrupted run whose events go on was resumed in the same stream (`train --redis --resume` after Ctrl-C, a
   * worker claiming a killed worker's job): it is live again, not interrupted until its `done`.
   */
  private goOn(): void {
    if (this.current.status !== 'interrupted') return;
    this.current.status = 'live';
    delete this.current.message;
  }

  /** The run's events stopped without `done` or `error`; returns whether that changed its status. */
  interrupt(message: string): boolean {
    if (this.current.status !== 'live') return false;
    this.current.status = 'interrupted';
    this.current.message = message;
    return true;
  }

  /** A copy, safe to send. */
  summary(): RunSummary {
    return { ...this.current };
  }

  private setLoss(loss: number, gap: number | undefined): void {
    const s = this.current;
    s.finalLoss = finite(loss);
    s.gapToOptimum = finite(gap) ?? (s.finalLoss !== null && this.optimumLoss !== null ? s.finalLoss - this.optimumLoss : null);
  }
}
