import type { Subscriber } from 'rxjs';
import { BatchPacer } from './batch-pacer.js';
import type { Pace } from './minibatch-options.js';
import type { ParsePlan } from './parse-mode.js';
import { ParseWorker } from './parse-worker-rows.js';
import { RowBatcher, type RowBatcherOptions } from './row-batcher.js';
import { RowLines } from './row-lines.js';
import { readSource, type SourceSpec } from './source-reader.js';
import type { Batch } from './types.js';

/**
 * One subscription of `fileBatches$`: rows from the source go through a {@link RowBatcher} to the subscriber,
 * paced when `pace` is given. `plan` says who parses: this thread (`inline`), a {@link ParseWorker} from the
 * start (`worker`), or this thread until the worker is ready, which then reads on from the next line start
 * at a chunk's end (`handover`): the rows reach the batcher in file order either way, so the batches are the
 * same, bit for bit. Returns the teardown (stops reading, terminates the worker).
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
  let textRows: RowLines | undefined; // lines the worker left to this thread
  const worker =
    plan === 'inline'
      ? undefined
      : new ParseWorker({ path: spec.source as string, format: spec.format, name: spec.name, label: spec.label }, plan === 'worker' ? { offset: 0, line: 0, headerRead: false } : undefined, {
          rows: (X, y, count, d) => batcher.rows(X, y, count, d, subscriber),
          text(text, line) {
            if (textRows === undefined) {
              textRows = new RowLines(spec, subscriber, { target: batcher.target, row: (X, offset, y) => batcher.row(X, offset, y) });
              if (!textRows.learnHeader(spec.source as string, line)) return;
            }
            textRows.parser.lines = line;
            textRows.lines.push(text);
          },
          hold: drained,
          end,
          error: (err) => subscriber.error(err),
        });
  const stop =
    plan === 'worker'
      ? () => {}
      : readSource(spec, subscriber, {
          target: batcher.target,
          row: (X, offset, y) => batcher.row(X, offset, y),
          chunkRead(at) {
            if (worker?.ready && at.headerRead) {
              worker.handOver(at);
              return false;
            }
            return drained();
          },
          end() {
            worker?.stop();
            end();
          },
        });
  return () => {
    stop();
    worker?.stop();
    pacer?.cancel();
  };
}
