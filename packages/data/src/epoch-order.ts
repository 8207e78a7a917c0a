import { randomIntGenerator, STREAM } from './random.js';
import { checkNonNegativeInteger, checkPositiveInteger, checkSeed, invalid, MAX_SEED } from './validate.js';

/**
 * A Fisher–Yates shuffle of `0..n-1` that produces its permutation front to back, on demand.
 *
 * Step `i` swaps position `i` with a uniform position in `[i, n)`; after it, position `i` is final.
 * So the first `k` entries of the permutation cost `k` random draws, not `n`: `take(3)` on a
 * 10-million-row epoch draws 30 numbers. The permutation of an epoch depends only on
 * `(seed, epoch)` (its own MT19937 stream keyed by both), so resuming at epoch 3 replays nothing.
 *
 * Storage is a zero-filled `Uint32Array` holding `value + 1` (0 means "still the identity"), so starting
 * an epoch does not touch `n` entries either.
 */
export class LazyShuffle {
  private readonly slots: Uint32Array;
  private randInt: (m: number) => number;
  /** Number of leading positions already final. */
  private done = 0;
  /** Whether any slot was written since the last reset. */
  private dirty = false;

  constructor(
    readonly n: number,
    private readonly seed: number,
    epoch: number,
  ) {
    this.slots = new Uint32Array(n);
    this.randInt = randomIntGenerator([seed, STREAM.shuffle, epoch]);
  }

  /**
   * Starts another epoch's permutation in the same storage: one allocation per subscription instead of one
   * per epoch (an O(n) clear, paid once the previous epoch's O(n) work is done).
   */
  reset(epoch: number): void {
    if (this.dirty) this.slots.fill(0);
    this.dirty = false;
    this.done = 0;
    this.randInt = randomIntGenerator([this.seed, STREAM.shuffle, epoch]);
  }

  /** Makes positions `[0, end)` final. */
  private settle(end: number): void {
    const { slots, n, randInt } = this;
    this.dirty = true;
    for (let i = this.done; i < end; i++) {
      // The last position has a single choice: no draw, so the stream does not depend on it.
      if (i === n - 1) break;
      const j = i + randInt(n - i);
      const a = slots[i] === 0 ? i : slots[i] - 1;
      const b = slots[j] === 0 ? j : slots[j] - 1;
      slots[i] = b + 1;
      slots[j] = a + 1;
    }
    if (end > this.done) this.done = end;
  }

  /** Writes permutation entries `[start, start + out.length)` into `out`. */
  fill(out: Uint32Array, start: number): void {
    const end = start + out.length;
    if (end > this.done) this.settle(end);
    const slots = this.slots;
    for (let k = 0; k < out.length; k++) {
      const v = slots[start + k];
      out[k] = v === 0 ? start + k : v - 1;
    }
  }

  /** Settles the first `k` positions without reading them (resuming mid-epoch). */
  skip(k: number): void {
    if (k > this.done) this.settle(Math.min(k, this.n));
  }
}

/**
 * The shuffled order of rows `0..n-1` that `minibatches` uses for `epoch` (1-based) of a seed:
 * a Fisher–Yates permutation drawn from an MT19937 stream keyed by `(seed, epoch)` alone.
 *
 * @param n - rows (nonnegative integer)
 * @param seed - unsigned 32-bit integer
 * @param epoch - 1-based epoch number
 * @returns a permutation of `0..n-1`
 *
 * @example
 * import { epochOrder } from '@gradstream/data';
 * console.log(epochOrder(10, 42, 1)); // the same 10 numbers on every run
 */
export function epochOrder(n: number, seed: number, epoch: number): Uint32Array {
  checkNonNegativeInteger('n', n);
  // Orders are Uint32Arrays holding row + 1 internally: n must fit below 2^32.
  if (n > MAX_SEED) throw invalid(RangeError, 'n', `must be at most ${MAX_SEED}`, n);
  checkSeed('seed', seed);
  checkPositiveInteger('epoch', epoch);
  const out = new Uint32Array(n);
  new LazyShuffle(n, seed, epoch).fill(out, 0);
  return out;
}
