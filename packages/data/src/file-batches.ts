import { Observable } from 'rxjs';
import { checkPace, type Pace } from './minibatch-options.js';
import { checkParseMode, parsePlan, type ParseMode } from './parse-mode.js';
import { readBatches } from './read-batches.js';
import type { RowsOptions } from './rows.js';
import { checkSource, readSource } from './source-reader.js';
import type { Batch } from './types.js';
import { checkBoolean, checkKnownKeys, checkOptions, checkPositiveInteger, checkSeed, invalid } from './validate.js';

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
  /**
   * Emit in time slices through `ready()` and a {@link StepGate}, as `minibatches(…, { pace })` does; the file is
   * read no further than one chunk ahead of the batches emitted.
   */
  pace?: Pace;
  /**
   * Where the file is parsed (default `auto`): `inline` on the subscriber's thread; `worker` on a worker thread
   * (`node:worker_threads`, a file path only) while the subscriber's thread shuffles, batches and trains, as
   * PyTorch's DataLoader workers do (the worker also hands it the next lines of the file to parse whenever it is
   * about to run out of rows, so both threads parse); `auto` inline for a stream, a file under 8 MiB or one core, else
   * inline only until a worker has started (~30 ms), which reads the rest. The batches and the errors are the
   * same, bit for bit, either way; a worker costs ~9 MB and, with its messages, ~30% more CPU time in all.
   */
  parse?: ParseMode;
}

const KNOWN = ['batchSize', 'shuffleBuffer', 'seed', 'epoch', 'dropLast', 'reuse', 'pace', 'parse', 'label', 'format', 'name'] satisfies (keyof FileBatchesOptions)[];

/**
 * Minibatches straight from a CSV or NDJSON file or stream: the same batches, bit for bit, as
 * `rows$(source, options).pipe(shuffleBuffer(size, seed), toBatches(batchSize, { epoch, dropLast }))`, without
 * a row object per row. Each row is parsed from bytes straight into the shuffle buffer's one `(size+1)×d`
 * Float64Array (its free row), and copied once from there into the batch's arrays; memory is the two read
 * chunks (2 × 1 MiB), the buffer and the batches the consumer holds, and with a parse worker (see `parse`) at most
 * 4 chunks of 256 KiB between the threads. Cold: each subscription reads the source (a path from its start) and
 * starts its own worker; unsubscribing terminates it.
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

  const pace = opts.pace === undefined ? undefined : checkPace(opts.pace);
  if (pace && reuse) throw invalid(RangeError, 'reuse', 'cannot be true with pace (paced batches wait in a queue, so each needs its own arrays)', reuse);
  const batching = { batchSize, shuffleBuffer: size, seed, epoch, dropLast, reuse };

  const parse = checkParseMode(opts.parse, typeof source === 'string');
  return new Observable<Batch>((subscriber) => readBatches(subscriber, spec, batching, pace, parsePlan(parse, spec.source)));
}
