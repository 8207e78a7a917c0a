/**
 * Where event blocks get their float64 arrays: a publisher gives back the arrays of blocks stored, so a publisher
 * at full speed allocates none.
 */

/**
 * Gives out float64 arrays for blocks and takes back those of blocks already stored. They are SharedArrayBuffers:
 * the publishing thread reads a block where the trainer's thread wrote it. Transferring ArrayBuffers there and back
 * instead measured twice the full collections on the trainer's thread (each transfer counts as new external memory).
 *
 * @example
 * import { BlockPool } from './block-pool.js';
 * const pool = new BlockPool();
 * const a = pool.take(100);
 * pool.give(a);
 * console.log(pool.take(50) === a, pool.take(50).length); // false 50: the same memory comes back, whole (100 numbers), then a new array
 */
export class BlockPool {
  private free: Float64Array[] = [];

  /** An array of at least `length` numbers: a free one (whole, perhaps longer), else a new one of that length. */
  take(length: number): Float64Array {
    const free = this.free;
    for (let i = free.length - 1; i >= 0; i--) {
      const array = free[i]!;
      if (array.length < length) continue;
      // The last one takes its place (no splice: this runs once a block, as code V8 leaves unoptimised).
      free[i] = free[free.length - 1]!;
      free.pop();
      return array;
    }
    return new Float64Array(new SharedArrayBuffer(length * 8));
  }

  give(values: Float64Array): void {
    // A few round-trips' worth: more would only hold memory a burst once needed.
    if (values.buffer instanceof SharedArrayBuffer && this.free.length < 64) this.free.push(new Float64Array(values.buffer));
  }
}

/**
 * The pool the publishers of this process share, so a run's first blocks reuse the arrays of the runs before it (a
 * new SharedArrayBuffer of a block's size measured ~40 µs, as much as flattening ~400 steps).
 */
export const processBlockPool = new BlockPool();
