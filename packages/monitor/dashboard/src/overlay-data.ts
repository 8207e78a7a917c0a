/**
 * The loss curves of several runs on one x axis, for uPlot (DOM-free). Each run's history is drawn as
 * on the single-run chart (`bandData`: a point per bucket edge, `null` for a gap), smoothed per step,
 * then placed on the union of every run's steps; where a run has no point the cell is `undefined`
 * (uPlot skips it without breaking the line).
 */
import type { EpochEvent, RunConfig } from '@gradstream/events';
import type { BucketHistory } from '../../src/bucket-history.js';
import { bandData, type Cell } from './band-data.js';
import { debiasedEma } from './smoothing.js';

/**
 * Steps per epoch of a run, from its config (rows and batch size), or from its first epoch's end; null
 * when neither says (a stream of unknown length before its first epoch).
 *
 * @example
 * import { stepsPerEpoch } from './overlay-data.js';
 * console.log(stepsPerEpoch({ d: 2, n: 1000, batchSize: 30, lr: 0.03, optimizer: { name: 'sgd' }, engine: 'fused' }, [])); // 34
 */
export function stepsPerEpoch(config: RunConfig | null | undefined, epochs: readonly EpochEvent[]): number | null {
  if (config?.n !== undefined && config.batchSize > 0) return config.dropLast ? Math.floor(config.n / config.batchSize) : Math.ceil(config.n / config.batchSize);
  const first = epochs[0];
  return first !== undefined && first.epoch > 0 && first.globalStep > 0 ? first.globalStep / first.epoch : null;
}

export interface Overlay {
  x: number[];
  /** One column per run, in the order given. */
  series: Cell[][];
  /** The largest first loss drawn: a diverging run's 1e30 would otherwise flatten every other curve. */
  firstMax: number | null;
}

/**
 * @param histories - each run's loss history (one column)
 * @param smoothing - the debiased EMA's weight, per step (0: none)
 * @param scales - per run, what one step is on the x axis (1 / steps per epoch draws against epochs); default 1
 *
 * @example
 * import { BucketHistory } from '../../src/bucket-history.js';
 * import { overlay } from './overlay-data.js';
 * const a = new BucketHistory({ capacity: 8, columns: 1 });
 * const b = new BucketHistory({ capacity: 8, columns: 1 });
 * [1, 2, 3].forEach((s) => a.add(s, [1 / s]));
 * [2, 4].forEach((s) => b.add(s, [s]));
 * const o = overlay([a, b], 0);
 * console.log(o.x, o.series); // [ 1, 2, 3, 4 ] [ [ 1, 0.5, 0.333…, undefined ], [ undefined, 2, null, 4 ] ]
 */
export function overlay(histories: readonly BucketHistory[], smoothing: number, scales?: readonly number[]): Overlay {
  const drawn = histories.map((h, r) => {
    const bd = bandData(h, [0], (v) => v > 0);
    const scale = scales?.[r] ?? 1;
    return { x: scale === 1 ? bd.x : bd.x.map((step) => step * scale), line: smoothing > 0 ? debiasedEma(bd.bands[0].line, smoothing, bd.x) : bd.bands[0].line };
  });
  const x = [...new Set(drawn.flatMap((d) => d.x))].sort((a, b) => a - b);
  const at = new Map(x.map((step, i) => [step, i]));
  let firstMax: number | null = null;
  const series = drawn.map(({ x: xs, line }) => {
    const column: Cell[] = new Array(x.length).fill(undefined);
    for (let i = 0; i < xs.length; i++) column[at.get(xs[i])!] = line[i];
    const first = line.find((v) => typeof v === 'number');
    if (typeof first === 'number') firstMax = Math.max(firstMax ?? first, first);
    return column;
  });
  return { x, series, firstMax };
}
