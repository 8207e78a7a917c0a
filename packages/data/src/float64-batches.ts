import { Observable } from 'rxjs';
import { BatchPacer } from './batch-pacer.js';
import { readChunks } from './chunk-source.js';
import { checkPace, type Pace } from './minibatch-options.js';
import { RowBatcher } from './row-batcher.js';
import type { Batch } from './types.js';
import { checkBoolean, checkKnownKeys, checkOptions, checkPositiveInteger, checkSeed, checkString, invalid } from './validate.js';

/** Options of {@link float64Batches$}: the file's row width, and {@link fileBatches$}' batching options. */
export interface Float64BatchesOptions {
  /** Features per row (each row is `d` features then the label). */
  d: number;
  batchSize: number;
  shuffleBuffer?: number;
  seed?: number;
  epoch?: number;
  dropLast?: boolean;
  reuse?: boolean;
  pace?: Pace;
}

const KNOWN = ['d', 'batchSize', 'shuffleBuffer', 'seed', 'epoch', 'dropLast', 'reuse', 'pace'] satisfies (keyof Float64BatchesOptions)[];

/**
 * Minibatches from a file of raw float64 rows written by {@link Float64RowWriter} (e.g. {@link spillRows}'
 * copy of stdin), with {@link fileBatches$}' options and results: the same rows through the same shuffle buffer
 * give the same batches. Each row's bytes are copied straight into the shuffle buffer's free row; memory is
 * the two 1 MiB read chunks, the buffer and the batches held. Cold: each subscription reads the file again.
 *
 * @param path - the file
 * @param options - see {@link Float64BatchesOptions}
 *
 * @example
 * import { Float64RowWriter, float64Batches$ } from '@gradstream/data/node';
 * const out = new Float64RowWriter('/tmp/three.f64', 1);
 * for (let i = 0; i < 3; i++) out.row(Float64Array.of(i), 0, 2 * i);
 * out.close();
 * float64Batches$('/tmp/three.f64', { d: 1, batchSize: 2 }).subscribe((b) => console.log([...b.X], [...b.y])); // [ 0, 1 ] [ 0, 2 ], then [ 2 ] [ 4 ]
 */
export function float64Batches$(path: string, options: Float64BatchesOptions): Observable<Batch> {
  checkString('path', path);
  const opts = checkOptions('options', options);
  checkKnownKeys('options', opts, KNOWN);
  const d = checkPositiveInteger('d', opts.d);
  const batching = {
    batchSize: checkPositiveInteger('batchSize', opts.batchSize),
    shuffleBuffer: opts.shuffleBuffer === undefined ? 0 : checkPositiveInteger('shuffleBuffer', opts.shuffleBuffer),
    seed: opts.seed === undefined ? 0 : checkSeed('seed', opts.seed),
    epoch: opts.epoch === undefined ? 1 : checkPositiveInteger('epoch', opts.epoch),
    dropLast: opts.dropLast === undefined ? false : checkBoolean('dropLast', opts.dropLast),
    reuse: opts.reuse === undefined ? false : checkBoolean('reuse', opts.reuse),
  };
  const pace = opts.pace === undefined ? undefined : checkPace(opts.pace);
  if (pace && batching.reuse) throw invalid(RangeError, 'reuse', 'cannot be true with pace (paced batches wait in a queue, so each needs its own arrays)', true);

  return new Observable<Batch>((subscriber) => {
    const pacer = pace ? new BatchPacer(subscriber, pace) : undefined;
    const batcher = new RowBatcher(batching, (batch) => {
      if (pacer) pacer.push(batch);
      else if (!subscriber.closed) subscriber.next(batch);
    });
    const rows = new Float64RowReader(d, (X, offset, y) => batcher.row(X, offset, y), batcher.target);
    const stop = readChunks(path, {
      chunk(bytes) {
        rows.push(bytes, () => subscriber.closed);
        return subscriber.closed ? false : (pacer?.drained() ?? true);
      },
      end() {
        if (rows.partial) return subscriber.error(new Error(`${path}: cannot read: the file ends in the middle of a row (${rows.partial} of ${8 * (d + 1)} bytes)`));
        batcher.end(() => subscriber.closed);
        if (pacer) pacer.end();
        else if (!subscriber.closed) subscriber.complete();
      },
      error: (err) => subscriber.error(Object.assign(new Error(`${path}: cannot read: ${err.message}`), { cause: err, code: err.code })),
    });
    return () => {
      stop();
      pacer?.cancel();
    };
  });
}

/** Cuts chunks of bytes into float64 rows, each written into `target` (once it has an `X`) or a scratch row. */
class Float64RowReader {
  private readonly rowBytes: number;
  private readonly carry: Buffer;
  private carried = 0;
  private readonly scratch: Float64Array;
  private readonly scratchBytes: Buffer;
  private targetX: Float64Array | undefined;
  private targetBytes: Buffer = Buffer.alloc(0);

  constructor(
    private readonly d: number,
    private readonly sink: (X: Float64Array, offset: number, y: number) => void,
    private readonly target: { X: Float64Array; offset: number },
  ) {
    this.rowBytes = 8 * (d + 1);
    this.carry = Buffer.allocUnsafe(this.rowBytes);
    this.scratch = new Float64Array(d);
    this.scratchBytes = Buffer.from(this.scratch.buffer);
  }

  /** Bytes of an unfinished row waiting for the next chunk. */
  get partial(): number {
    return this.carried;
  }

  push(bytes: Buffer, stop: () => boolean): void {
    const { rowBytes } = this;
    let p = 0;
    if (this.carried > 0) {
      p = Math.min(rowBytes - this.carried, bytes.length);
      bytes.copy(this.carry, this.carried, 0, p);
      this.carried += p;
      if (this.carried < rowBytes) return;
      this.carried = 0;
      this.take(this.carry, 0);
    }
    for (; p + rowBytes <= bytes.length && !stop(); p += rowBytes) this.take(bytes, p);
    if (p < bytes.length && !stop()) this.carried = bytes.copy(this.carry, 0, p);
  }

  private take(bytes: Buffer, at: number): void {
    const featureBytes = 8 * this.d;
    const y = bytes.readDoubleLE(at + featureBytes);
    const { X, offset } = this.target;
    if (X.length === 0) {
      bytes.copy(this.scratchBytes, 0, at, at + featureBytes);
      return this.sink(this.scratch, 0, y);
    }
    if (X !== this.targetX) {
      this.targetX = X;
      this.targetBytes = Buffer.from(X.buffer, X.byteOffset, X.byteLength);
    }
    bytes.copy(this.targetBytes, 8 * offset, at, at + featureBytes);
    this.sink(X, offset, y);
  }
}
