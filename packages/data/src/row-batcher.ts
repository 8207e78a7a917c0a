import { BatchAssembler } from './batch-assembler.js';
import type { RowTarget } from './byte-rows.js';
import { TypedShuffleBuffer } from './typed-shuffle.js';
import type { Batch } from './types.js';

/** How {@link RowBatcher} makes batches. */
export interface RowBatcherOptions {
  batchSize: number;
  /** Rows in the shuffle buffer; 0: source order. */
  shuffleBuffer: number;
  seed: number;
  epoch: number;
  dropLast: boolean;
  reuse: boolean;
}

/**
 * Rows in, minibatches out, for the streaming readers: the rows go through a {@link TypedShuffleBuffer} (when
 * `shuffleBuffer > 0`) into a {@link BatchAssembler}. A reader writes each row into {@link target} once it
 * has an `X` (the buffer's free row), so rows are parsed in place; until then, and for a reader that cannot,
 * `row()` copies. The first row must come in an array of exactly its `d` features (the reader's scratch).
 *
 * @example
 * import { RowBatcher } from './row-batcher.js';
 * const batcher = new RowBatcher({ batchSize: 2, shuffleBuffer: 0, seed: 0, epoch: 1, dropLast: false, reuse: false }, (b) => console.log([...b.X], b.last));
 * for (let i = 0; i < 3; i++) batcher.row(Float64Array.of(i), 0, i);
 * batcher.end(() => false); // [ 0, 1 ] false, then [ 2 ] true
 */
export class RowBatcher {
  /** Where the next row's features go once `target.X` is set (see {@link RowTarget}). */
  readonly target: RowTarget = { X: new Float64Array(0), offset: 0 };
  private batches: BatchAssembler | undefined;
  private shuffle: TypedShuffleBuffer | undefined;
  private index = 0;

  constructor(
    private readonly o: RowBatcherOptions,
    private readonly emit: (batch: Batch) => void,
  ) {}

  /** A row whose features are `X[offset … offset + d)`, with label `y`. */
  row(X: Float64Array, offset: number, y: number): void {
    let batches = this.batches;
    if (batches === undefined) batches = this.open(X.length);
    const shuffle = this.shuffle;
    if (shuffle === undefined) batches.add(X, offset / batches.d, y, this.index++);
    else {
      if (X === shuffle.X) shuffle.commit(y, this.index++);
      else shuffle.push(X.subarray(offset, offset + batches.d), y, this.index++);
      this.target.offset = shuffle.spare * batches.d;
    }
  }

  /**
   * `count` rows whose features are `X[r·d … r·d + d)` and labels `y[r]` (a parse worker's chunk), each copied
   * in; stops early once `until.closed`.
   */
  rows(X: Float64Array, y: Float64Array, count: number, d: number, until: { readonly closed: boolean }): void {
    const batches = this.batches ?? this.open(d);
    const shuffle = this.shuffle;
    for (let r = 0; r < count && !until.closed; r++) {
      if (shuffle === undefined) batches.add(X, r, y[r], this.index++);
      else shuffle.copyIn(X, r, y[r], this.index++);
    }
    if (shuffle !== undefined) this.target.offset = shuffle.spare * d;
  }

  /** The rows ended: empties the buffer (until `stop()`) and emits the final batch. */
  end(stop: () => boolean): void {
    this.shuffle?.drain(stop);
    this.batches?.finish();
  }

  private open(d: number): BatchAssembler {
    const { batchSize, shuffleBuffer, seed, epoch, dropLast, reuse } = this.o;
    const batches = new BatchAssembler(batchSize, d, epoch, dropLast, this.emit, reuse);
    this.batches = batches;
    if (shuffleBuffer > 0) {
      this.shuffle = new TypedShuffleBuffer(shuffleBuffer, d, seed, batches);
      this.target.X = this.shuffle.X;
    }
    return batches;
  }
}
