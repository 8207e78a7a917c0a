import { randomIntGenerator, STREAM } from './random.js';

/** Receives a row leaving the buffer: its features are `X[slot·d … slot·d + d)`. */
export type SlotSink = (X: Float64Array, slot: number, y: number, index: number) => void;

/**
 * {@link shuffleBuffer}'s algorithm on typed arrays: rows are copied into one `size×d` Float64Array (labels and
 * running numbers beside it), so a buffer of 10,000 rows is three allocations, not 10,000 row objects. The
 * same seed draws the same random numbers in the same order as `shuffleBuffer(size, seed)`, so both give the
 * same order. A row leaves through `out` before its slot is overwritten.
 *
 * @example
 * import { TypedShuffleBuffer } from './typed-shuffle.js';
 * const seen: number[] = [];
 * const buffer = new TypedShuffleBuffer(4, 1, 1, (X, slot) => seen.push(X[slot]));
 * for (let i = 0; i < 10; i++) buffer.push(Float64Array.of(i), 0, i);
 * buffer.drain();
 * console.log(seen.length); // 10
 */
export class TypedShuffleBuffer {
  private readonly X: Float64Array;
  private readonly y: Float64Array;
  private readonly indices: Float64Array;
  private fill = 0;
  private readonly randInt: (m: number) => number;

  constructor(
    private readonly size: number,
    private readonly d: number,
    seed: number,
    private readonly out: SlotSink,
  ) {
    this.X = new Float64Array(size * d);
    this.y = new Float64Array(size);
    this.indices = new Float64Array(size);
    this.randInt = randomIntGenerator([seed, STREAM.buffer]);
  }

  /** Adds a row (features `x[0 … d)`); once the buffer is full, a uniformly chosen row leaves first. */
  push(x: Float64Array, y: number, index: number): void {
    let slot = this.fill;
    if (slot < this.size) this.fill++;
    else {
      slot = this.randInt(this.size);
      this.out(this.X, slot, this.y[slot], this.indices[slot]);
    }
    const X = this.X;
    for (let j = 0, to = slot * this.d; j < x.length; j++) X[to + j] = x[j];
    this.y[slot] = y;
    this.indices[slot] = index;
  }

  /** Emits the rows left, in random order (each pick fills its hole with the last row); `stop()` ends early. */
  drain(stop: () => boolean = () => false): void {
    const { X, y, indices, d } = this;
    while (this.fill > 0 && !stop()) {
      const slot = this.randInt(this.fill);
      this.out(X, slot, y[slot], indices[slot]);
      const last = --this.fill;
      X.copyWithin(slot * d, last * d, last * d + d);
      y[slot] = y[last];
      indices[slot] = indices[last];
    }
  }
}
