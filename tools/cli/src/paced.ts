/**
 * Runs a synchronous, resumable batch stream in time slices, yielding to the event loop between them.
 *
 * `minibatches` emits every batch synchronously on subscribe, so a long run would block the process:
 * no Ctrl-C handler, no WebSocket broadcast, no stdout drain until the end. `paced` subscribes to
 * `open(startAt)`, stops after `sliceMs` (minibatches checks for unsubscription after every batch),
 * waits for `ready()` (e.g. stdout drained) and a turn of the event loop, then reopens the stream at the
 * next batch (`startAt = { epoch, index + 1 }`; an index equal to the batch count of an epoch means
 * "that epoch is done", which minibatches accepts). The downstream sees one uninterrupted stream with
 * the same batches in the same order.
 *
 * @example
 * import { paced } from './paced.js';
 * import { minibatches, syntheticLinear } from '@gradstream/data';
 * const ds = syntheticLinear({});
 * paced((startAt) => minibatches(ds, { batchSize: 10, epochs: 3, seed: 42, startAt }), { epoch: 1, index: 0 })
 *   .subscribe((b) => console.log(b.epoch, b.index));
 */
import { Observable, takeWhile } from 'rxjs';

export interface Position {
  epoch: number;
  index: number;
}

export interface PacedOptions {
  /** Longest stretch of synchronous work before yielding (default 25 ms). */
  sliceMs?: number;
  /** Awaited between slices (backpressure): e.g. resolves when stdout has drained. */
  ready?: () => Promise<void> | void;
  /** Checked between slices: when it returns true the stream stops without completing. */
  stopped?: () => boolean;
}

export function paced<B extends Position>(
  open: (startAt: Position) => Observable<B>,
  start: Position,
  { sliceMs = 25, ready, stopped }: PacedOptions = {},
): Observable<B> {
  return new Observable<B>((subscriber) => {
    let next = start;
    let cancelled = false;
    let immediate: NodeJS.Immediate | undefined;

    const slice = () => {
      immediate = undefined;
      if (cancelled || stopped?.()) return;
      const deadline = performance.now() + sliceMs;
      let yielded = false;
      // takeWhile(…, inclusive) ends the inner subscription right after the batch that used up the slice;
      // minibatches sees the unsubscription and gathers nothing more.
      open(next)
        .pipe(
          takeWhile(() => {
            yielded = performance.now() > deadline;
            return !yielded;
          }, true),
        )
        .subscribe({
          next: (batch) => {
            next = { epoch: batch.epoch, index: batch.index + 1 };
            subscriber.next(batch);
          },
          error: (err) => subscriber.error(err),
          complete: () => {
            if (!yielded) return subscriber.complete();
            if (cancelled || subscriber.closed) return;
            void Promise.resolve(ready?.()).then(() => {
              if (!cancelled) immediate = setImmediate(slice);
            });
          },
        });
    };

    immediate = setImmediate(slice);
    return () => {
      cancelled = true;
      if (immediate) clearImmediate(immediate);
    };
  });
}
