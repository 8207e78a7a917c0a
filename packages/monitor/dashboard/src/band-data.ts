/**
 * Turns a `BucketHistory` into what a uPlot chart draws (DOM-free): per column a line and a min–max
 * band, on x values in steps.
 *
 * A bucket of one step is one point. A wider bucket is two: its first step (line = its first value)
 * and its last step (line = its last value), both at the bucket's min and max, so the band covers the
 * steps the bucket holds and the line starts at step 1 with step 1's value however coarse the buckets.
 * Between buckets in non-neighbouring cells (whole cells of steps nobody saw) a row of `null` is
 * inserted: uPlot (with `spanGaps: false`) breaks the line and the band there. A value a chart cannot
 * draw (a zero loss on a log scale, a missing value) is `undefined`, which uPlot skips without a break.
 */
import type { BucketHistory } from '../../src/bucket-history.js';

export type Cell = number | null | undefined;

export interface Band {
  line: Cell[];
  min: Cell[];
  max: Cell[];
}

export interface BandData {
  x: number[];
  /** One band per requested column, in the order asked. */
  bands: Band[];
  /** Buckets drawn. */
  buckets: number;
  /** Each gap as [last step before it, first step after it]. */
  gaps: [number, number][];
}

/**
 * @param history - the buckets
 * @param columns - which columns to draw
 * @param drawable - which values the chart can draw (e.g. `v > 0` on a log scale)
 *
 * @example
 * import { BucketHistory } from '../../src/bucket-history.js';
 * import { bandData } from './band-data.js';
 * const h = new BucketHistory({ capacity: 8, columns: 1 });
 * [1, 2, 5].forEach((s) => h.add(s, [1 / s]));
 * console.log(bandData(h, [0]).x); // [ 1, 2, 3, 5 ]: step 3 is the null row of the gap 2 → 5
 */
export function bandData(history: BucketHistory, columns: readonly number[], drawable: (v: number) => boolean = Number.isFinite): BandData {
  const x: number[] = [];
  const bands: Band[] = columns.map(() => ({ line: [], min: [], max: [] }));
  const gaps: [number, number][] = [];
  const cell = (v: number): Cell => (Number.isFinite(v) && drawable(v) ? v : undefined);
  const push = (step: number, i: number, value: (i: number, j: number) => number) => {
    x.push(step);
    columns.forEach((j, c) => {
      bands[c].line.push(cell(value(i, j)));
      bands[c].min.push(cell(history.min(i, j)));
      bands[c].max.push(cell(history.max(i, j)));
    });
  };
  for (let i = 0; i < history.length; i++) {
    const from = history.fromStep(i);
    const to = history.toStep(i);
    if (history.gapBefore(i)) {
      gaps.push([history.toStep(i - 1), from]);
      x.push(history.toStep(i - 1) + 1);
      for (const b of bands) b.line.push(null), b.min.push(null), b.max.push(null);
    }
    if (from < to) push(from, i, (k, j) => history.first(k, j));
    push(to, i, (k, j) => history.last(k, j));
  }
  return { x, bands, buckets: history.length, gaps };
}

/**
 * Adds markers (epoch losses) as an extra column at their own x, keeping x sorted: a marker at a new
 * x gets a row whose other columns are `undefined` (skipped, not a gap).
 *
 * @example
 * import { withMarkers } from './band-data.js';
 * console.log(withMarkers([[1, 3], [0.5, 0.1]], [{ x: 2, y: 0.2 }])); // [[1, 2, 3], [0.5, undefined, 0.1], [undefined, 0.2, undefined]]
 */
export function withMarkers(data: readonly (readonly Cell[])[], markers: readonly { x: number; y: number }[]): Cell[][] {
  const [xs, ...ys] = data as (readonly number[])[];
  const out: Cell[][] = [[], ...ys.map(() => []), []];
  let m = 0;
  const row = (x: number, i: number | null, y: Cell) => {
    out[0].push(x);
    ys.forEach((col, c) => out[c + 1].push(i === null ? undefined : col[i]));
    out[out.length - 1].push(y);
  };
  for (let i = 0; i < xs.length; i++) {
    while (m < markers.length && markers[m].x < xs[i]) row(markers[m].x, null, markers[m++].y);
    if (m < markers.length && markers[m].x === xs[i]) row(xs[i], i, markers[m++].y);
    else row(xs[i], i, undefined);
  }
  while (m < markers.length) row(markers[m].x, null, markers[m++].y);
  return out;
}

/**
 * The [min, max] of what is drawn between steps `from` and `to` (lines and bands), or null.
 *
 * @example
 * import { extentIn } from './band-data.js';
 * console.log(extentIn([1, 2, 3], [[5, 1, 2]], 2, 3)); // [ 1, 2 ]
 */
export function extentIn(x: readonly number[], columns: readonly (readonly Cell[])[], from: number, to: number): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < x.length; i++) {
    if (x[i] < from || x[i] > to) continue;
    for (const col of columns) {
      const v = col[i];
      if (typeof v !== 'number') continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : null;
}

/**
 * The first and last step with a drawn value between `from` and `to`, or null.
 *
 * @example
 * import { stepRangeIn } from './band-data.js';
 * console.log(stepRangeIn([1, 2, 3], [[undefined, 1, 2]], 0, 10)); // [ 2, 3 ]
 */
export function stepRangeIn(x: readonly number[], columns: readonly (readonly Cell[])[], from: number, to: number): [number, number] | null {
  let first: number | null = null;
  let last: number | null = null;
  for (let i = 0; i < x.length; i++) {
    if (x[i] < from || x[i] > to || !columns.some((c) => typeof c[i] === 'number')) continue;
    first ??= x[i];
    last = x[i];
  }
  return first === null || last === null ? null : [first, last];
}

/**
 * Indices of values with no drawn neighbour before or after the nearest gap: a lone bucket.
 *
 * @example
 * import { isolated } from './band-data.js';
 * console.log(isolated([1, null, 2, 3, null, 4])); // [ 0, 5 ]
 */
export function isolated(values: readonly Cell[]): number[] {
  const out: number[] = [];
  let prev: Cell = null;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === undefined) continue;
    if (typeof v === 'number') {
      let next: Cell = null;
      for (let k = i + 1; k < values.length; k++) {
        if (values[k] !== undefined) {
          next = values[k];
          break;
        }
      }
      if (typeof prev !== 'number' && typeof next !== 'number') out.push(i);
    }
    prev = v;
  }
  return out;
}
