import { BatchArena, type BatchArrays } from './batch-arrays.js';
import type { Batch } from './types.js';

/**
 * Fills minibatches row by row, copying each row's numbers from wherever they lie into the batch's own typed
 * arrays, with {@link toBatches}' rules: batches of `batchSize` rows, the final one short unless `dropLast`;
 * a full batch is held back until the next row arrives (with `dropLast`, until the next batch is full), so
 * `last` is exact; each batch owns fresh arrays that are never touched again (views carved from shared
 * chunks by {@link BatchArena}: one allocation for several batches). With `reuse`, full batches take turns
 * in two sets of arrays made once, for a consumer that is done with a batch before the next one comes.
 *
 * @example
 * import { BatchAssembler } from './batch-assembler.js';
 * const batches = new BatchAssembler(2, 1, 1, false, (b) => console.log(b.index, b.size, b.y, b.last));
 * const X = Float64Array.of(1, 2, 3);
 * for (let i = 0; i < 3; i++) batches.add(X, i, 2 * X[i], i);
 * batches.finish(); // 0 2 Float64Array(2) [ 2, 4 ] false, then 1 1 Float64Array(1) [ 6 ] true
 */
export class BatchAssembler {
  private index = 0;
  private fill = 0;
  private X: Float64Array = new Float64Array(0);
  private y: Float64Array = new Float64Array(0);
  private indices: Uint32Array = new Uint32Array(0);
  private pending: Batch | undefined;
  private readonly arena: BatchArena;
  /** With `reuse`: two sets of arrays, used in turn (one batch is held back while the next fills). */
  private readonly sets: BatchArrays[] | undefined;
  private turn = 0;

  constructor(
    private readonly batchSize: number,
    /** Features per row. */
    readonly d: number,
    private readonly epoch: number,
    private readonly dropLast: boolean,
    private readonly emit: (batch: Batch) => void,
    reuse = false,
  ) {
    this.arena = new BatchArena(batchSize, d);
    this.sets = reuse ? [0, 1].map(() => ({ X: new Float64Array(batchSize * d), y: new Float64Array(batchSize), indices: new Uint32Array(batchSize) })) : undefined;
  }

  /** Adds the row whose features are `X[row·d … row·d + d)`, with label `y` and running number `index`. */
  add(X: Float64Array, row: number, y: number, index: number): void {
    const { batchSize, d } = this;
    if (this.fill === 0) {
      // A row after a full batch: that batch was not the last (with dropLast it waits for the next full one).
      if (this.pending && !this.dropLast) this.release();
      const arrays = this.sets ? this.sets[(this.turn ^= 1)] : this.arena.take(batchSize);
      this.X = arrays.X;
      this.y = arrays.y;
      this.indices = arrays.indices;
    }
    const fill = this.fill;
    const to = fill * d;
    const from = row * d;
    const into = this.X;
    for (let j = 0; j < d; j++) into[to + j] = X[from + j];
    this.y[fill] = y;
    this.indices[fill] = index;
    if ((this.fill = fill + 1) === batchSize) {
      if (this.pending) this.release();
      this.pending = this.batch(batchSize);
      this.fill = 0;
    }
  }

  /** Emits what is left, the final batch marked `last`. */
  finish(): void {
    const tail = this.fill > 0 && !this.dropLast ? this.batch(this.fill) : undefined;
    const final = tail ?? this.pending;
    if (this.pending && this.pending !== final) this.emit(this.pending);
    this.pending = undefined;
    if (final) {
      final.last = true;
      this.emit(final);
    }
  }

  private release(): void {
    const ready = this.pending as Batch;
    this.pending = undefined;
    this.emit(ready);
  }

  private batch(size: number): Batch {
    const { batchSize, d } = this;
    return {
      epoch: this.epoch,
      index: this.index++,
      size,
      d,
      indices: size === batchSize ? this.indices : this.indices.slice(0, size),
      X: size === batchSize ? this.X : this.X.slice(0, size * d),
      y: size === batchSize ? this.y : this.y.slice(0, size),
      last: false,
    };
  }
}
