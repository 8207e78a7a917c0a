/**
 * What a person compares runs by, folded from a run's events: how it ended, its final loss (the last
 * epoch's loss over the whole dataset), its gap to the least-squares optimum, its steps, its time, its
 * final parameters, or its error.
 */
import { isInterruption, parameterValues, type ParamValues, type TaggedEvent, type TrainEvent } from '@gradstream/events';

/** `pending`: recorded config, no event yet, nobody writing it (a sweep's run not started). */
export type RunStatus = 'done' | 'diverged' | 'failed' | 'running' | 'interrupted' | 'pending';

export interface RunSummary {
  runId: string;
  status: RunStatus;
  /** The last epoch's loss (done's loss when the run finished). */
  finalLoss?: number;
  gapToOptimum?: number;
  steps: number;
  elapsedMs?: number;
  /** Parameters after the last step seen (done's, when the run finished). */
  params?: ParamValues;
  /** The error event's message and hint, for a run that failed. */
  error?: string;
  /** The run event's config: learning rate, batch size, optimizer, seed … */
  lr?: number;
  batchSize?: number;
  optimizer?: string;
  seed?: number;
}

/** A summary of a run not yet seen. */
export function emptySummary(runId: string): RunSummary {
  return { runId, status: 'running', steps: 0 };
}

/**
 * Folds one event into a run's summary (a new object; `status` stays `running` until done or error).
 *
 * @example
 * import { emptySummary, foldSummary } from '@gradstream/runs';
 * let s = emptySummary('lr=3,bs=10,seed=42');
 * s = foldSummary(s, { type: 'error', message: 'training diverged at epoch 1', globalStep: 11 });
 * console.log(s.status, s.steps); // diverged 11
 */
export function foldSummary(s: RunSummary, e: TrainEvent): RunSummary {
  switch (e.type) {
    case 'run':
      return { ...s, lr: e.config.lr, batchSize: e.config.batchSize, optimizer: e.config.optimizer.name, ...(e.config.seed === undefined ? {} : { seed: e.config.seed }) };
    case 'step':
      return { ...s, steps: e.globalStep };
    case 'epoch':
      return { ...s, finalLoss: e.loss, steps: e.globalStep, elapsedMs: e.elapsedMs, ...withParams(e), ...(e.gapToOptimum === undefined ? {} : { gapToOptimum: e.gapToOptimum }) };
    case 'done':
      return { ...s, status: 'done', steps: e.steps, elapsedMs: e.elapsedMs, ...(e.loss === undefined ? {} : { finalLoss: e.loss }), ...withParams(e) };
    case 'error': {
      // `interrupted…` is how a run stopped from outside is recorded (train's Ctrl-C, a reader finding its writer gone).
      const status = isInterruption(e) ? 'interrupted' : /diverged/.test(e.message) ? 'diverged' : 'failed';
      return { ...s, status, error: e.hint ? `${e.message} (${e.hint})` : e.message, ...(e.globalStep === undefined ? {} : { steps: e.globalStep }) };
    }
    default:
      return s;
  }
}

function withParams(e: Parameters<typeof parameterValues>[0]): { params?: ParamValues } {
  const params = parameterValues(e);
  return params ? { params } : {};
}

/** A run's summary from all its events. */
export function summarize(runId: string, events: readonly TrainEvent[]): RunSummary {
  return events.reduce(foldSummary, emptySummary(runId));
}

/**
 * The summary of every run among tagged events (a sweep's, a directory's), in the order runs first appear.
 *
 * @example
 * import { summarizeRuns } from '@gradstream/runs';
 * const rows = summarizeRuns([
 *   { runId: 'a', event: { type: 'done', epochs: 3, steps: 300, elapsedMs: 50, w: [2], b: 4, loss: 0.1 } },
 *   { runId: 'b', event: { type: 'error', message: 'training diverged at step 11' } },
 * ]);
 * console.log(rows.map((r) => `${r.runId} ${r.status}`)); // [ 'a done', 'b diverged' ]
 */
export function summarizeRuns(tagged: Iterable<TaggedEvent>): RunSummary[] {
  const runs = new Map<string, RunSummary>();
  for (const { runId, event } of tagged) runs.set(runId, foldSummary(runs.get(runId) ?? emptySummary(runId), event));
  return [...runs.values()];
}
