/**
 * The loss per step, kept in a bounded number of buckets so an hour-long run at 1 kHz costs the
 * same memory and drawing time as a short one.
 *
 * Each bucket covers the steps `fromStep..toStep` and keeps the min, max and last loss in them —
 * the same shape as the server's `hello.history`, so a late joiner starts from the server's buckets
 * and then appends one bucket per live step. When the count would exceed `capacity`, neighbouring
 * buckets are merged in pairs (oldest first), halving the count: amortised O(1) per step, and the
 * newest steps always keep full resolution.
 */

/** One bucket: the same fields as the protocol's `LossBucket`. */
export interface Bucket {
  fromStep: number;
  toStep: number;
  min: number;
  max: number;
  last: number;
}

/** Merges two neighbouring buckets, `a` before `b`. Non-finite losses (divergence) never hide behind a finite min/max. */
export function mergeBuckets(a: Bucket, b: Bucket): Bucket {
  return {
    fromStep: a.fromStep,
    toStep: b.toStep,
    min: Math.min(a.min, b.min),
    max: Math.max(a.max, b.max),
    last: b.last,
  };
}

/**
 * Halves a bucket list by merging neighbours in pairs; an odd last bucket stays alone.
 *
 * @example
 * halve([{ fromStep: 1, toStep: 1, min: 3, max: 3, last: 3 }, { fromStep: 2, toStep: 2, min: 1, max: 1, last: 1 }]);
 * // [{ fromStep: 1, toStep: 2, min: 1, max: 3, last: 1 }]
 */
export function halve(buckets: readonly Bucket[]): Bucket[] {
  const out: Bucket[] = [];
  for (let i = 0; i < buckets.length; i += 2) {
    out.push(i + 1 < buckets.length ? mergeBuckets(buckets[i], buckets[i + 1]) : buckets[i]);
  }
  return out;
}

/**
 * A bounded loss history.
 *
 * @example
 * const h = new LossHistory(4);
 * for (let s = 1; s <= 10; s++) h.push(s, 1 / s);
 * h.buckets.length; // ≤ 4, covering steps 1..10
 */
export class LossHistory {
  #buckets: Bucket[] = [];
  readonly capacity: number;

  /** @param capacity - the most buckets kept (an even number ≥ 2). */
  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 2 || capacity % 2 !== 0) {
      throw new RangeError(`invalid argument. capacity must be an even integer ≥ 2. Value: \`${capacity}\`.`);
    }
    this.capacity = capacity;
  }

  get buckets(): readonly Bucket[] {
    return this.#buckets;
  }

  /** Replaces the history with the server's buckets (a late joiner's `hello`). */
  reset(buckets: readonly Bucket[] = []): void {
    this.#buckets = buckets.map((b) => ({ ...b }));
    while (this.#buckets.length > this.capacity) this.#buckets = halve(this.#buckets);
  }

  /** Appends one step; a step at or before the last one seen is ignored (a resent frame). */
  push(step: number, loss: number): void {
    const tail = this.#buckets[this.#buckets.length - 1];
    if (tail && step <= tail.toStep) return;
    this.#buckets.push({ fromStep: step, toStep: step, min: loss, max: loss, last: loss });
    if (this.#buckets.length > this.capacity) this.#buckets = halve(this.#buckets);
  }
}
