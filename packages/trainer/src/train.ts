/**
 * `train(config)`: the training loop as an RxJS operator from minibatches to `TrainEvent`s.
 *
 * The batch size, epochs, seed, shuffle and dropLast are read from the stream (`minibatches` puts its plan
 * on every batch): they are said once, where the stream is made. For each batch: forward (ŷ = X·w + b),
 * loss (mean of (ŷ − y)²/2, before the update), backward (∂Σl/∂w, ∂Σl/∂b), optimizer step, then a `step`
 * event with the parameters after the update (and an `explain` event for the steps explained). An
 * epoch ends when `batch.last` is true, when the epoch number changes, or when the stream completes;
 * its `epoch` event carries the loss over the whole dataset when it is in memory (d2l's
 * `train_l.mean()`), otherwise the mean of that epoch's batch losses. The run starts with `run` and
 * ends with `done` — or with `error` when the loss diverges (non-finite, or 10⁶ × the first loss), when a batch
 * does not fit, or when the upstream fails: nothing escapes as an exception. Unsubscribing before the
 * end writes the checkpoint (when configured) of the last step taken.
 */
import { Observable, Subject, takeUntil, type OperatorFunction } from 'rxjs';
import type { TrainEvent } from '@gradstream/events';
import { resolveTrainConfig, type TrainConfig } from './config.js';
import { Run } from './run.js';
import type { BatchLike } from './types.js';

/**
 * The training operator.
 *
 * @example
 * import { syntheticLinear, minibatches } from '@gradstream/data';
 * import { train } from '@gradstream/trainer';
 * const ds = syntheticLinear({ n: 1000, w: [2, -3.4], b: 4.2, noise: 0.01, seed: 1 });
 * minibatches(ds, { batchSize: 10, epochs: 3, seed: 1 })
 *   .pipe(train({ lr: 0.03, dataset: ds }))
 *   .subscribe((e) => e.type === 'epoch' && console.log(`epoch ${e.epoch}, loss ${e.loss.toFixed(6)}`));
 */
export function train(config: TrainConfig): OperatorFunction<BatchLike, TrainEvent> {
  const cfg = resolveTrainConfig(config);
  return (source) =>
    new Observable<TrainEvent>((subscriber) => {
      const run = new Run(cfg, (e) => subscriber.next(e));
      const stop = new Subject<void>();
      let cancelled = false;
      const finish = () => {
        stop.next();
        subscriber.complete();
      };
      run.start();
      const requests = cfg.explain.requests?.subscribe(() => run.requestExplanation());
      const sub = source.pipe(takeUntil(stop)).subscribe({
        next: (batch) => {
          if (!run.finished) run.batch(batch);
          if (run.finished) finish();
          // A synchronous source (minibatches) would otherwise keep running after take(k) unsubscribed
          // downstream, because our teardown only exists once source.subscribe returns.
          else if (subscriber.closed) {
            cancelled = true;
            stop.next();
          }
        },
        error: (err: unknown) => {
          if (!run.finished) run.fail(`the minibatch stream failed: ${err instanceof Error ? err.message : String(err)}`);
          finish();
        },
        complete: () => {
          if (cancelled) return; // unsubscribed downstream: no epoch, no done, no final checkpoint
          if (!run.finished) run.complete();
          finish();
        },
      });
      return () => {
        cancelled = true;
        requests?.unsubscribe();
        sub.unsubscribe();
        if (!run.finished) run.interrupt();
      };
    });
}
