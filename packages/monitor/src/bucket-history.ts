import type { ParamBucket } from './protocol.js';

/**
 * A row of numbers per step (the loss, or the parameters w₁…w_d, b), downsampled into at most
 * `capacity` buckets that keep, per column, the first, min, max and last value of the steps in them.
 * Server (`hello.history`, `hello.paramHistory`) and page (the charts) use this one class, so both
 * downsample by the same rule and a page can continue the server's buckets with live steps.
 *
 * The rule: buckets sit on a fixed grid of `width` steps anchored at step 1 — bucket cell c holds
 * steps c·width+1 … (c+1)·width (step 0, a run's initial parameters, is cell −1). Only cells that
 * received a step exist. When the cells from the first to the newest would span more than `capacity`,
 * `width` doubles and neighbouring cells merge (min of mins, max of maxes, first of the first, last
 * of the last). So memory is O(capacity · columns) whatever the run's length, a step costs O(columns)
 * amortised, a one-step spike survives in its bucket's max, and the result depends only on the steps
 * seen. Two buckets in non-neighbouring cells have whole cells of steps between them that nobody saw:
 * that is a gap, and the charts draw it as one.
 *
 * Non-finite values are left out of a column (a diverging run's `error` event reports them); a column
 * with no finite value in a bucket reads NaN there.
 *
 * @example
 * import { BucketHistory } from './bucket-history.js';
 * const h = new BucketHistory({ capacity: 4, columns: 1 });
 * for (let s = 1; s <= 10; s++) h.add(s, [s === 7 ? 100 : 1 / s]);
 * console.log(h.width, h.length, h.max(1, 0)); // 4 3 100: steps 1–4, 5–8 (with the spike), 9–10
 */
export class BucketHistory {
  readonly capacity: number;
  readonly columns: number;
  /** Steps per grid cell; doubles as the run grows. */
  width = 1;
  /** Buckets held now, oldest first. */
  length = 0;
  /** Increases on every change, so drawing code can skip work when nothing moved. */
  version = 0;
  readonly #cell: Float64Array;
  readonly #from: Float64Array;
  readonly #to: Float64Array;
  readonly #steps: Float64Array;
  readonly #first: Float64Array;
  readonly #min: Float64Array;
  readonly #max: Float64Array;
  readonly #last: Float64Array;

  constructor({ capacity, columns }: { capacity: number; columns: number }) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`invalid argument. capacity must be a positive integer. Value: \`${capacity}\`.`);
    }
    if (!Number.isInteger(columns) || columns < 1) {
      throw new RangeError(`invalid argument. columns must be a positive integer. Value: \`${columns}\`.`);
    }
    this.capacity = capacity;
    this.columns = columns;
    // Flat typed arrays: adding a step allocates nothing, however many buckets there are.
    [this.#cell, this.#from, this.#to, this.#steps] = [0, 0, 0, 0].map(() => new Float64Array(capacity));
    [this.#first, this.#min, this.#max, this.#last] = [0, 0, 0, 0].map(() => new Float64Array(capacity * columns));
  }

  /**
   * Adds one step's row (`row[j]` for column j; missing entries count as non-finite). A step at or
   * before the newest one held is ignored — a resent frame — and the call returns false.
   */
  add(step: number, row: ArrayLike<number>): boolean {
    if (this.length > 0 && step <= this.#to[this.length - 1]) return false;
    while (this.length > 0 && this.#cellOf(step) - this.#cell[0] + 1 > this.capacity) this.#coarsen();
    const n = this.length;
    // After a coarsening the step may fall into the newest bucket's (now wider) cell.
    if (n === 0 || this.#cellOf(step) !== this.#cell[n - 1]) this.#open(this.length++, step, step, 0);
    this.#fold(this.length - 1, step, row);
    this.version++;
    return true;
  }

  /**
   * Replaces the contents with buckets made elsewhere (a `hello` from the server) on a grid of
   * `width` steps, then coarsens until they fit `capacity`. A bucket that straddles two cells (a server
   * that downsampled by another rule) widens the grid until it does not.
   */
  load(width: number, buckets: readonly LoadedBucket[]): void {
    if (!Number.isInteger(width) || width < 1) {
      throw new RangeError(`invalid argument. width must be a positive integer. Value: \`${width}\`.`);
    }
    let w = width;
    while (buckets.some((b) => Math.floor((b.fromStep - 1) / w) !== Math.floor((b.toStep - 1) / w))) w *= 2;
    this.clear();
    this.width = w;
    const span = (b: LoadedBucket) => Math.floor((b.toStep - 1) / this.width) - Math.floor((buckets[0].fromStep - 1) / this.width) + 1;
    while (buckets.length > 0 && span(buckets[buckets.length - 1]) > this.capacity) this.width *= 2;
    for (const b of buckets) this.#loadOne(b);
    this.version++;
  }

  /** Forgets every bucket and returns to one step per bucket (a new run started). */
  clear(): void {
    this.length = 0;
    this.width = 1;
    this.version++;
  }

  fromStep(i: number): number {
    return this.#from[i];
  }

  toStep(i: number): number {
    return this.#to[i];
  }

  /** How many steps bucket i received (fewer than its range when steps were skipped). */
  steps(i: number): number {
    return this.#steps[i];
  }

  /** Grid cell of bucket i: buckets i and i+1 are neighbours when their cells differ by one. */
  cell(i: number): number {
    return this.#cell[i];
  }

  first(i: number, j: number): number {
    return this.#first[i * this.columns + j];
  }

  min(i: number, j: number): number {
    return this.#min[i * this.columns + j];
  }

  max(i: number, j: number): number {
    return this.#max[i * this.columns + j];
  }

  last(i: number, j: number): number {
    return this.#last[i * this.columns + j];
  }

  /**
   * Bucket i as plain numbers, columns `start` up to `end` (what `hello` sends; NaN becomes null in JSON).
   *
   * @example
   * import { BucketHistory } from './bucket-history.js';
   * const h = new BucketHistory({ capacity: 8, columns: 2 });
   * h.add(1, [0.5, 2]);
   * console.log(h.bucket(0, 1)); // { fromStep: 1, toStep: 1, first: [ 2 ], min: [ 2 ], max: [ 2 ], last: [ 2 ] }
   */
  bucket(i: number, start = 0, end = this.columns): ParamBucket {
    const at = i * this.columns;
    const cols = (a: Float64Array) => Array.from(a.subarray(at + start, at + end));
    return { fromStep: this.#from[i], toStep: this.#to[i], first: cols(this.#first), min: cols(this.#min), max: cols(this.#max), last: cols(this.#last) };
  }

  /** Whether whole cells of steps nobody saw lie between bucket i−1 and bucket i. */
  gapBefore(i: number): boolean {
    return i > 0 && this.#cell[i] - this.#cell[i - 1] > 1;
  }

  #cellOf(step: number): number {
    return Math.floor((step - 1) / this.width);
  }

  #open(i: number, from: number, to: number, steps: number): void {
    this.#cell[i] = this.#cellOf(from);
    this.#from[i] = from;
    this.#to[i] = to;
    this.#steps[i] = steps;
    for (const a of [this.#first, this.#min, this.#max, this.#last]) a.fill(NaN, i * this.columns, (i + 1) * this.columns);
  }

  #fold(i: number, step: number, row: ArrayLike<number>): void {
    this.#steps[i]++;
    this.#to[i] = step;
    for (let j = 0; j < this.columns; j++) this.#mergeColumn(i * this.columns + j, row[j], row[j], row[j], row[j]);
  }

  #loadOne(b: LoadedBucket): void {
    const n = this.length;
    if (n > 0 && b.fromStep <= this.#to[n - 1]) return;
    const steps = b.steps ?? b.toStep - b.fromStep + 1;
    const into = n > 0 && this.#cell[n - 1] === this.#cellOf(b.fromStep) ? n - 1 : this.length++;
    if (into === n) this.#open(into, b.fromStep, b.toStep, steps);
    else [this.#to[into], this.#steps[into]] = [b.toStep, this.#steps[into] + steps];
    for (let j = 0; j < this.columns; j++) this.#mergeColumn(into * this.columns + j, b.first[j], b.min[j], b.max[j], b.last[j]);
  }

  // Merges a (first, min, max, last) that comes after what slot k holds; NaN means "no finite value".
  #mergeColumn(k: number, first: number | null, min: number | null, max: number | null, last: number | null): void {
    if (Number.isNaN(this.#first[k])) this.#first[k] = finiteOr(first);
    this.#min[k] = pick(this.#min[k], finiteOr(min), Math.min);
    this.#max[k] = pick(this.#max[k], finiteOr(max), Math.max);
    const l = finiteOr(last);
    if (!Number.isNaN(l)) this.#last[k] = l;
  }

  // Doubles the width: cells c and c+1 with the same ⌊c/2⌋ merge, in place, oldest first.
  #coarsen(): void {
    this.width *= 2;
    let out = -1;
    for (let i = 0; i < this.length; i++) {
      const cell = Math.floor(this.#cell[i] / 2);
      if (out >= 0 && this.#cell[out] === cell) {
        this.#to[out] = this.#to[i];
        this.#steps[out] += this.#steps[i];
        for (let j = 0; j < this.columns; j++) {
          const k = i * this.columns + j;
          this.#mergeColumn(out * this.columns + j, this.#first[k], this.#min[k], this.#max[k], this.#last[k]);
        }
        continue;
      }
      out++;
      this.#move(i, out);
      this.#cell[out] = cell;
    }
    this.length = out + 1;
  }

  #move(from: number, to: number): void {
    if (from === to) return;
    this.#from[to] = this.#from[from];
    this.#to[to] = this.#to[from];
    this.#steps[to] = this.#steps[from];
    const a = from * this.columns;
    const b = to * this.columns;
    this.#first.copyWithin(b, a, a + this.columns);
    this.#min.copyWithin(b, a, a + this.columns);
    this.#max.copyWithin(b, a, a + this.columns);
    this.#last.copyWithin(b, a, a + this.columns);
  }
}

/** A bucket to load: `hello`'s buckets (null for "no finite value"); `steps` defaults to the size of its range. */
export interface LoadedBucket {
  fromStep: number;
  toStep: number;
  steps?: number;
  first: ArrayLike<number | null>;
  min: ArrayLike<number | null>;
  max: ArrayLike<number | null>;
  last: ArrayLike<number | null>;
}

// The smaller (or larger) of two values where NaN means "none".
const pick = (a: number, b: number, f: (x: number, y: number) => number): number => (Number.isNaN(a) ? b : Number.isNaN(b) ? a : f(a, b));

// JSON turns NaN into null; inside the history "no finite value" is NaN.
const finiteOr = (v: number | null | undefined): number => (typeof v === 'number' && Number.isFinite(v) ? v : NaN);
