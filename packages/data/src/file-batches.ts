import { Observable } from 'rxjs';
import { BatchAssembler } from './batch-assembler.js';
import type { RowTarget } from './byte-rows.js';
import { checkSource, readSource, type RowsOptions } from './rows.js';
import { TypedShuffleBuffer } from './typed-shuffle.js';
import type { Batch } from './types.js';
import { checkBoolean, checkKnownKeys, checkOptions, checkPositiveInteger, checkSeed } from './validate.js';

/** Options of {@link fileBatches$}. */
export interface FileBatchesOptions extends RowsOptions {
  /** Rows per batch (positive integer). */
  batchSize: number;
  /** Shuffle through a buffer of this many rows, as `shuffleBuffer(size, seed)` does (default: file order). */
  shuffleBuffer?: number;
  /** The shuffle's seed (unsigned 32-bit integer, default 0). */
  seed?: number;
  /** The epoch number written into every batch (default 1). */
  epoch?: number;
  /** Drop a short final batch (default false). */
  dropLast?: boolean;
  /**
   * Fill the same arrays again for later batches (default false: each batch owns fresh arrays), for a
   * consumer that is done with a batch before it takes the next, as `train()` is: no allocation per batch.
   */
  reuse?: boolean;
}

const KNOWN = ['batchSize', 'shuffleBuffer', 'seed', 'epoch', 'dropLast', 'reuse', 'label', 'format', 'name'] satisfies (keyof FileBatchesOptions)[];

/**
 * Minibatches straight from a CSV or NDJSON file or stream: the same batches, bit for bit, as
 * `rows$(source, options).pipe(shuffleBuffer(size, seed), toBatches(batchSize, { epoch, dropLast }))`, without
 * a row object per row. Each row is parsed from bytes straight into the shuffle buffer's one `(size+1)×d`
 * Float64Array (its free row), and copied once from there into the batch's arrays; memory is the two read
 * chunks (2 × 1 MiB), the buffer and the batches the consumer holds. Cold: each subscription reads the source (a path from its start).
 *
 * @param source - a file path, or a readable stream of text
 * @param options - see {@link FileBatchesOptions}
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * import { fileBatches$ } from '@gradstream/data/node';
 * writeFileSync('/tmp/five-rows.csv', 'x,y\n1,1\n2,4\n3,9\n4,16\n5,25\n');
 * fileBatches$('/tmp/five-rows.csv', { batchSize: 2, shuffleBuffer: 3, seed: 1 }).subscribe((b) => console.log(b.index, b.X, b.y, b.last));
 */
export function fileBatches$(source: string | NodeJS.ReadableStream, options: FileBatchesOptions): Observable<Batch> {
  const opts = checkOptions('options', options);
  checkKnownKeys('options', opts, KNOWN);
  const spec = checkSource(source, opts);
  const batchSize = checkPositiveInteger('batchSize', opts.batchSize);
  const size = opts.shuffleBuffer === undefined ? 0 : checkPositiveInteger('shuffleBuffer', opts.shuffleBuffer);
  const seed = opts.seed === undefined ? 0 : checkSeed('seed', opts.seed);
  const epoch = opts.epoch === undefined ? 1 : checkPositiveInteger('epoch', opts.epoch);
  const dropLast = opts.dropLast === undefined ? false : checkBoolean('dropLast', opts.dropLast);
  const reuse = opts.reuse === undefined ? false : checkBoolean('reuse', opts.reuse);

  return new Observable<Batch>((subscriber) => {
    let batches: BatchAssembler | undefined;
    let shuffle: TypedShuffleBuffer | undefined;
    // Once the buffer exists, the parser writes each row straight into its spare row.
    const target: RowTarget = { X: new Float64Array(0), offset: 0 };
    let index = 0;
    const emit = (batch: Batch): void => {
      if (!subscriber.closed) subscriber.next(batch);
    };
    return readSource(spec, subscriber, {
      target,
      row(X, offset, y) {
        if (!batches) {
          // The first row comes in the parser's scratch array: its length is d.
          const d = X.length;
          batches = new BatchAssembler(batchSize, d, epoch, dropLast, emit, reuse);
          const assembler = batches;
          if (size > 0) {
            shuffle = new TypedShuffleBuffer(size, d, seed, (from, row, label, i) => assembler.add(from, row, label, i));
            target.X = shuffle.X;
          }
        }
        if (shuffle === undefined) batches.add(X, 0, y, index++); // the scratch row
        else {
          if (X === shuffle.X) shuffle.commit(y, index++);
          else shuffle.push(X, y, index++);
          target.offset = shuffle.spare * batches.d;
        }
      },
      end() {
        shuffle?.drain(() => subscriber.closed);
        batches?.finish();
        if (!subscriber.closed) subscriber.complete();
      },
    });
  });
}
