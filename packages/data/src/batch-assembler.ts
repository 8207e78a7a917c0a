import type { Batch } from './types.js';

/**
 * Fills minibatches row by row, copying each row's numbers from wherever they lie into the batch's own typed
 * arrays, with {@link toBatches}' rules: batches of `batchSize` rows, the final one short unless `dropLast`;
 * a full batch is held back until the next row arrives (with `dropLast`, until the next batch is full), so
 * `last` is exact; each batch owns fresh arrays that are never touched again.
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
  private X = new Float64Array(0);
  private y = new Float64Array(0);
  private indices = new Uint32Array(0);
  private pending: Batch | undefined;

  constructor(
    private readonly batchSize: number,
    private readonly d: number,
    private readonly epoch: number,
    private readonly dropLast: boolean,
    private readonly emit: (batch: Batch) => void,
  ) {}

  /** Adds the row whose features are `X[row·d … row·d + d)`, with label `y` and running number `index`. */
  add(X: Float64Array, row: number, y: number, index: number): void {
    const { batchSize, d } = this;
    if (this.pending && !this.dropLast) this.release();
    if (this.fill === 0) {
      this.X = new Float64Array(batchSize * d);
      this.y = new Float64Array(batchSize);
      this.indices = new Uint32Array(batchSize);
    }
    const to = this.fill * d;
    const from = row * d;
    for (let j = 0; j < d; j++) this.X[to + j] = X[from + j];
    this.y[this.fill] = y;
    this.indices[this.fill] = index;
    if (++this.fill === batchSize) {
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
