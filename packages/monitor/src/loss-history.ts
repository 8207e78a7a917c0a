import { BucketHistory } from './bucket-history.js';
import type { LossBucket } from './protocol.js';

/**
 * The loss of every step so far, downsampled into at most `size` buckets that keep each bucket's
 * min, max, last and first loss — so a one-step spike survives any amount of downsampling (an average
 * would smear it away). It is the one-column case of `BucketHistory`, which states the rule: buckets
 * sit on a grid of `width` steps from step 1, and the width doubles when the cells would outnumber
 * `size`. The server's `hello.history` and the dashboard's loss chart both come from that class.
 *
 * @example
 * import { LossHistory } from '@gradstream/monitor';
 * const h = new LossHistory(4);
 * for (let s = 1; s <= 10; s++) h.add(s, s === 7 ? 100 : 1 / s);
 * console.log(h.buckets()); // 3 buckets of 4, 4 and 2 steps; the one holding step 7 has max 100
 */
export class LossHistory {
  readonly #history: BucketHistory;

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) {
      throw new RangeError(`invalid argument. historySize must be a positive integer. Value: \`${size}\`.`);
    }
    this.#history = new BucketHistory({ capacity: size, columns: 1 });
  }

  /** Adds one step's loss. Non-finite losses are skipped: the run's `error` event reports them. */
  add(globalStep: number, loss: number): void {
    if (Number.isFinite(loss)) this.#history.add(globalStep, [loss]);
  }

  /** A copy of the buckets, oldest first. */
  buckets(): LossBucket[] {
    return lossBuckets(this.#history, 0);
  }

  /** Forgets everything (a new run started). */
  clear(): void {
    this.#history.clear();
  }
}

/**
 * Column `j` of a history as the protocol's loss buckets; buckets without a finite value in that
 * column (steps whose loss diverged, the initial parameters at step 0) are left out.
 *
 * @example
 * import { BucketHistory } from './bucket-history.js';
 * import { lossBuckets } from './loss-history.js';
 * const h = new BucketHistory({ capacity: 8, columns: 1 });
 * h.add(1, [0.5]);
 * console.log(lossBuckets(h, 0)); // [ { fromStep: 1, toStep: 1, min: 0.5, max: 0.5, last: 0.5, first: 0.5 } ]
 */
export function lossBuckets(history: BucketHistory, j: number): LossBucket[] {
  const out: LossBucket[] = [];
  for (let i = 0; i < history.length; i++) {
    if (Number.isNaN(history.min(i, j))) continue;
    out.push({ fromStep: history.fromStep(i), toStep: history.toStep(i), min: history.min(i, j), max: history.max(i, j), last: history.last(i, j), first: history.first(i, j) });
  }
  return out;
}
