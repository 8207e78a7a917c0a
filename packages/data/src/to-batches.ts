import { Observable, type OperatorFunction } from 'rxjs';
import { BATCHING } from './batching-tags.js';
import type { Batch, Row } from './types.js';
import { checkBoolean, checkOptions, checkPositiveInteger } from './validate.js';

/** Options of {@link toBatches}. */
export interface ToBatchesOptions {
  /** The epoch number written into every batch (default 1). */
  epoch?: number;
  /** Drop a short final batch (default false). */
  dropLast?: boolean;
}

/**
 * Groups a stream of rows into minibatches of `batchSize` rows (the final one short unless `dropLast`),
 * for data that arrives as a stream (`rows$`, stdin). `indices` holds each row's running number
 * (`row.index`, its position in the source), so after `shuffleBuffer` they show where rows came from.
 *
 * A full batch is held back until the next row arrives (with `dropLast`, until the next batch is full),
 * so that the producer knows whether it is the last one: `last` is exact. Each batch owns fresh arrays the operator never touches again.
 *
 * @example
 * import { from } from 'rxjs';
 * import { toBatches } from '@gradstream/data';
 * const rows = [1, 2, 3].map((v, i) => ({ x: Float64Array.of(v), y: 2 * v, line: i + 2, index: i }));
 * from(rows).pipe(toBatches(2)).subscribe((b) => console.log(b.index, b.size, b.y, b.last));
 */
export function toBatches(batchSize: number, options?: ToBatchesOptions): OperatorFunction<Row, Batch> {
  checkPositiveInteger('batchSize', batchSize);
  const opts = checkOptions('options', options);
  const epoch = opts.epoch === undefined ? 1 : checkPositiveInteger('epoch', opts.epoch);
  const dropLast = opts.dropLast === undefined ? false : checkBoolean('dropLast', opts.dropLast);

  const operator: OperatorFunction<Row, Batch> = (source) =>
    new Observable<Batch>((subscriber) => {
      let d = -1;
      let index = 0;
      let fill = 0;
      let X = new Float64Array(0);
      let y = new Float64Array(0);
      let indices = new Uint32Array(0);
      let pending: Batch | undefined;

      const batch = (size: number): Batch => ({
        epoch,
        index: index++,
        size,
        d,
        indices: size === batchSize ? indices : indices.slice(0, size),
        X: size === batchSize ? X : X.slice(0, size * d),
        y: size === batchSize ? y : y.slice(0, size),
        last: false,
      });

      const release = (): void => {
        const ready = pending as Batch;
        pending = undefined;
        subscriber.next(ready);
      };

      return source.subscribe({
        next(row) {
          if (d < 0) d = row.x.length;
          if (row.x.length !== d) {
            subscriber.error(new RangeError(`toBatches: row ${row.index} (line ${row.line}) has ${row.x.length} features; earlier rows have ${d}.`));
            return;
          }
          // Another row exists, so the held-back batch was not the last (with dropLast, only once that row's
          // batch is full: a short batch would be dropped).
          if (pending && !dropLast) release();
          if (fill === 0) {
            X = new Float64Array(batchSize * d);
            y = new Float64Array(batchSize);
            indices = new Uint32Array(batchSize);
          }
          X.set(row.x, fill * d);
          y[fill] = row.y;
          indices[fill] = row.index;
          if (++fill === batchSize) {
            if (pending) release();
            pending = batch(batchSize);
            fill = 0;
          }
        },
        error(err) {
          subscriber.error(err);
        },
        complete() {
          const tail = fill > 0 && !dropLast ? batch(fill) : undefined;
          const final = tail ?? pending;
          if (pending && pending !== final) subscriber.next(pending);
          if (final) {
            final.last = true;
            subscriber.next(final);
          }
          subscriber.complete();
        },
      });
    });
  return Object.assign(operator, { [BATCHING]: { kind: 'toBatches' as const, batchSize, epoch, dropLast } });
}
