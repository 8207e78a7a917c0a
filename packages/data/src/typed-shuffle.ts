import { STREAM, uint32Generator } from './random.js';

/** Receives a row leaving the buffer: its features are `X[row·d … row·d + d)` (a BatchAssembler is one). */
export interface SlotSink {
  add(X: Float64Array, row: number, y: number, index: number): void;
}

/**
 * {@link shuffleBuffer}'s algorithm on typed arrays: rows live in one `(size+1)×d` Float64Array (labels and
 * running numbers beside it), so a buffer of 10,000 rows is a few allocations, not 10,000 row objects. The
 * same seed draws the same random numbers in the same order as `shuffleBuffer(size, seed)`, so both give the
 * same order. A row leaves through `out.add` before its place is reused.
 *
 * Rows are not moved: the buffer's k-th place points at a physical row (`slotOf`), and one physical row is
 * always free (`spare`). A reader parses the next row straight into `X` at `spare·d` and calls
 * {@link commit}; the row that leaves gives its physical row to the next one. {@link push} copies a row in
 * from elsewhere.
 *
 * @example
 * import { TypedShuffleBuffer } from './typed-shuffle.js';
 * const seen: number[] = [];
 * const buffer = new TypedShuffleBuffer(4, 1, 1, { add: (X, row) => void seen.push(X[row]) });
 * for (let i = 0; i < 10; i++) buffer.push(Float64Array.of(i), 0, i);
 * buffer.X[buffer.spare] = 10; // parsed in place (d = 1)
 * buffer.commit(0, 10);
 * buffer.drain();
 * console.log(seen.length); // 11
 */
export class TypedShuffleBuffer {
  /** The rows, `(size+1)×d` row-major; the free one is `spare`. */
  readonly X: Float64Array;
  /** The physical row the next row goes into. */
  spare = 0;
  private readonly y: Float64Array;
  private readonly indices: Float64Array;
  private readonly slotOf: Int32Array;
  private fill = 0;
  private readonly next: () => number;
  /** `randInt(size)`'s rejection bound, computed once: the full buffer draws from the same stream the same way. */
  private readonly limit: number;

  constructor(
    private readonly size: number,
    private readonly d: number,
    seed: number,
    private readonly out: SlotSink,
  ) {
    this.X = new Float64Array((size + 1) * d);
    this.y = new Float64Array(size + 1);
    this.indices = new Float64Array(size + 1);
    this.slotOf = new Int32Array(size);
    // randomIntGenerator's draws, unrolled here so that the full buffer's bound is computed once.
    this.next = uint32Generator([seed, STREAM.buffer]);
    this.limit = 4294967296 - (4294967296 % size);
  }

  /** Adds the row whose features were written at `X[spare·d …)`; once the buffer is full, a uniformly chosen row leaves first. */
  commit(y: number, index: number): void {
    const row = this.spare;
    this.y[row] = y;
    this.indices[row] = index;
    if (this.fill < this.size) {
      this.slotOf[this.fill++] = row;
      this.spare = this.fill;
      return;
    }
    let r = this.next();
    while (r >= this.limit) r = this.next();
    // r and size are below 2^32, so the division rounds to within the integer: floor is exact (and quicker than %).
    const slot = r - Math.floor(r / this.size) * this.size;
    const leaving = this.slotOf[slot];
    this.out.add(this.X, leaving, this.y[leaving], this.indices[leaving]);
    this.slotOf[slot] = row;
    this.spare = leaving;
  }

  /** Copies the row `X[row·d … row·d + d)` in and {@link commit}s it (a row from another thread's chunk). */
  copyIn(X: Float64Array, row: number, y: number, index: number): void {
    const { d } = this;
    const into = this.X;
    const to = this.spare * d;
    const from = row * d;
    for (let j = 0; j < d; j++) into[to + j] = X[from + j];
    this.commit(y, index);
  }

  /** Copies the row `x[0 … d)` in and {@link commit}s it. */
  push(x: Float64Array, y: number, index: number): void {
    this.X.set(x.length === this.d ? x : x.subarray(0, this.d), this.spare * this.d);
    this.commit(y, index);
  }

  /** Emits the rows left, in random order (each pick fills its hole with the last row); `stop()` ends early. */
  drain(stop: () => boolean = () => false): void {
    const { X, y, indices, slotOf } = this;
    while (this.fill > 0 && !stop()) {
      const m = this.fill;
      const limit = 4294967296 - (4294967296 % m);
      let r = this.next();
      while (r >= limit) r = this.next();
      const slot = r % m;
      const row = slotOf[slot];
      this.out.add(X, row, y[row], indices[row]);
      slotOf[slot] = slotOf[--this.fill];
    }
  }
}
