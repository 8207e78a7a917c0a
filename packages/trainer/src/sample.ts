import type { DatasetLike } from './types.js';

/** Rows of the dataset copied into the run event for scatter plots. */
export const SAMPLE_ROWS = 200;

/**
 * At most SAMPLE_ROWS evenly spaced rows of the dataset (row ⌊i·n/k⌋ for i < k), as plain arrays.
 *
 * @example
 * import { sample } from './sample.js';
 * const s = sample({ n: 4, d: 1, X: new Float64Array([0, 1, 2, 3]), y: new Float64Array([5, 6, 7, 8]) });
 * console.log(s); // { X: [ [ 0 ], [ 1 ], [ 2 ], [ 3 ] ], y: [ 5, 6, 7, 8 ] }
 */
export function sample(ds: DatasetLike): { X: number[][]; y: number[] } {
  const k = Math.min(SAMPLE_ROWS, ds.n);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < k; i++) {
    const row = Math.floor((i * ds.n) / k);
    const r = new Array<number>(ds.d);
    for (let j = 0; j < ds.d; j++) r[j] = ds.X[row * ds.d + j];
    X.push(r);
    y.push(ds.y[row]);
  }
  return { X, y };
}
