import type { Subscriber } from 'rxjs';
import { BatchPacer } from './batch-pacer.js';
import type { Pace } from './minibatch-options.js';
import type { ParsePlan } from './parse-mode.js';
import { readRows } from './parallel-rows.js';
import { RowBatcher, type RowBatcherOptions } from './row-batcher.js';
import type { SourceSpec } from './source-reader.js';
import type { Batch } from './types.js';

/**
 * One subscription of `fileBatches$`: rows from the source ({@link readRows}, on the threads `plan` says) go
 * through a {@link RowBatcher} to the subscriber, paced when `pace` is given. The rows reach the batcher in file
 * order whoever parses them, so the batches are the same, bit for bit. Returns the teardown (stops reading,
 * terminates the worker).
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * import { Subscriber } from 'rxjs';
 * import { readBatches } from './read-batches.js';
 * writeFileSync('/tmp/read-batches.csv', 'a,y\n1,2\n3,4\n5,6\n');
 * const spec = { source: '/tmp/read-batches.csv', format: 'csv', name: 'read-batches.csv', label: undefined } as const;
 * const batching = { batchSize: 2, shuffleBuffer: 0, seed: 0, epoch: 1, dropLast: false, reuse: false };
 * const subscriber = new Subscriber<{ y: Float64Array }>({ next: (b) => console.log([...b.y]), complete: () => stop() }); // [ 2, 4 ], then [ 6 ]
 * const stop = readBatches(subscriber, spec, batching, undefined, 'worker');
 */
export function readBatches(subscriber: Subscriber<Batch>, spec: SourceSpec, batching: RowBatcherOptions, pace: Pace | undefined, plan: ParsePlan): () => void {
  const pacer = pace ? new BatchPacer(subscriber, pace) : undefined;
  const batcher = new RowBatcher(batching, (batch) => {
    if (pacer) pacer.push(batch);
    else if (!subscriber.closed) subscriber.next(batch);
  });
  const drained = (): true | Promise<void> => pacer?.drained() ?? true;
  const end = (): void => {
    batcher.end(() => subscriber.closed);
    if (pacer) pacer.end();
    else if (!subscriber.closed) subscriber.complete();
  };
  const stop = readRows(subscriber, spec, plan, batcher, { hold: drained, end });
  return () => {
    stop();
    pacer?.cancel();
  };
}
