import type { LossBucket } from './protocol.js';

/**
 * The loss of every step so far, downsampled into at most `size` buckets that keep each bucket's
 * min, max and last loss — so a one-step spike survives any amount of downsampling (an average would
 * smear it away).
 *
 * Buckets all span `width` steps (the last one may be partial). When a new step would make `size + 1`
 * buckets, neighbouring pairs merge and `width` doubles: memory stays O(size), each step costs O(1)
 * amortized, and the result depends only on the steps seen, not on when anyone asked.
 *
 * @example
 * import { LossHistory } from '@gradstream/monitor';
 * const h = new LossHistory(4);
 * for (let s = 1; s <= 10; s++) h.add(s, s === 7 ? 100 : 1 / s);
 * console.log(h.buckets()); // 3 buckets of 4, 4 and 2 steps; the one holding step 7 has max 100
 */
export class LossHistory {
  private list: LossBucket[] = [];
  private counts: number[] = [];
  private width = 1;

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) {
      throw new RangeError(`invalid argument. historySize must be a positive integer. Value: \`${size}\`.`);
    }
  }

  /** Adds one step's loss. Non-finite losses are skipped: the run's `error` event reports them. */
  add(globalStep: number, loss: number): void {
    if (!Number.isFinite(loss)) return;
    const last = this.list[this.list.length - 1];
    const n = this.counts.length - 1;
    if (last !== undefined && this.counts[n] < this.width) {
      last.toStep = globalStep;
      if (loss < last.min) last.min = loss;
      if (loss > last.max) last.max = loss;
      last.last = loss;
      this.counts[n]++;
      return;
    }
    this.list.push({ fromStep: globalStep, toStep: globalStep, min: loss, max: loss, last: loss });
    this.counts.push(1);
    if (this.list.length > this.size) this.halve();
  }

  /** A copy of the buckets, oldest first. */
  buckets(): LossBucket[] {
    return this.list.map((b) => ({ ...b }));
  }

  /** Forgets everything (a new run started). */
  clear(): void {
    this.list = [];
    this.counts = [];
    this.width = 1;
  }

  private halve(): void {
    const merged: LossBucket[] = [];
    const counts: number[] = [];
    for (let i = 0; i < this.list.length; i += 2) {
      const a = this.list[i];
      const b = this.list[i + 1];
      if (b === undefined) {
        merged.push(a);
        counts.push(this.counts[i]);
        continue;
      }
      merged.push({ fromStep: a.fromStep, toStep: b.toStep, min: Math.min(a.min, b.min), max: Math.max(a.max, b.max), last: b.last });
      counts.push(this.counts[i] + this.counts[i + 1]);
    }
    this.list = merged;
    this.counts = counts;
    this.width *= 2;
  }
}
