/**
 * The data as the lesson first draws it — one feature against the label — and the current model's
 * prediction as a line through it (DOM-free).
 *
 * With several features, ŷ = Σ w_k x_k + b depends on all of them; along feature j the page draws
 * ŷ with the other features held at their sample mean, the straight line the cloud scatters around.
 */

export interface FeatureScatter {
  /** Feature j of the sampled rows, ascending (uPlot needs sorted x). */
  x: number[];
  /** The labels of the same rows, in the same order. */
  y: number[];
  /** Mean of every feature over the sample. */
  means: number[];
}

/**
 * Takes at most `maxPoints` evenly spaced rows of the sample and sorts them by feature `j`.
 *
 * @example
 * import { featureScatter } from './scatter-data.js';
 * console.log(featureScatter({ X: [[3, 0], [1, 0]], y: [30, 10] }, 0).x); // [ 1, 3 ]
 */
export function featureScatter(sample: { X: number[][]; y: number[] }, j: number, maxPoints = 500): FeatureScatter {
  const n = Math.min(sample.X.length, sample.y.length);
  const stride = Math.max(1, n / maxPoints);
  const rows: number[] = [];
  for (let r = 0; Math.floor(r) < n && rows.length < maxPoints; r += stride) rows.push(Math.floor(r));
  const d = n > 0 ? sample.X[0].length : 0;
  const means = new Array<number>(d).fill(0);
  for (const r of rows) for (let k = 0; k < d; k++) means[k] += sample.X[r][k] / rows.length;
  rows.sort((a, b) => sample.X[a][j] - sample.X[b][j]);
  return { x: rows.map((r) => sample.X[r][j]), y: rows.map((r) => sample.y[r]), means };
}

/**
 * ŷ along feature j at the given x values, other features at their means.
 *
 * @example
 * import { predictionLine } from './scatter-data.js';
 * console.log(predictionLine([0, 1], 0, [2, -3.4], 4.2, [0, 1])); // [ 0.8, 2.8 ] (up to rounding)
 */
export function predictionLine(x: readonly number[], j: number, w: readonly number[], b: number, means: readonly number[]): number[] {
  let offset = b;
  for (let k = 0; k < w.length; k++) if (k !== j) offset += w[k] * (means[k] ?? 0);
  return x.map((v) => w[j] * v + offset);
}
