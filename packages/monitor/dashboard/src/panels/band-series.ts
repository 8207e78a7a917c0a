/**
 * uPlot pieces for drawing a `BucketHistory` column: the two edges of its min–max band (no stroke of
 * their own, filled between by a `uPlot.Band`), points for buckets that stand alone between gaps (a
 * line needs two points, so an isolated bucket would otherwise vanish), and a way to keep the band's
 * edges out of a crowded legend.
 */
import type uPlot from 'uplot';
import { isolated, type Cell } from '../band-data.js';
import { legendValue } from './chart.js';

/**
 * The min and max edges of a band, in that order.
 *
 * @example
 * // not run: uPlot series for a chart in the dashboard page
 * series.push(...bandEdges('loss'));
 */
export function bandEdges(label: string): uPlot.Series[] {
  const edge = (which: string): uPlot.Series => ({ label: `${label} ${which}`, stroke: 'transparent', width: 0, points: { show: false }, value: legendValue });
  return [edge('min'), edge('max')];
}

/**
 * Fills between the series at `maxIndex` and `minIndex` (uPlot bands go from the upper to the lower).
 *
 * @example
 * // not run: a uPlot band for a chart in the dashboard page
 * bands.push(bandFill(5, 4, 'rgba(109, 40, 217, 0.18)'));
 */
export function bandFill(maxIndex: number, minIndex: number, fill: string): uPlot.Band {
  return { series: [maxIndex, minIndex], fill };
}

/**
 * Points only where a line cannot show: at lone buckets between gaps.
 *
 * @example
 * // not run: uPlot series options for a chart in the dashboard page
 * const series = { label: 'loss', stroke: '#6d28d9', points: lonePoints(4) };
 */
export function lonePoints(size: number): uPlot.Series.Points {
  return { size, filter: (u, i) => isolated(u.data[i] as Cell[]) };
}

/**
 * Hides the legend rows of the given series (uPlot has no per-series legend switch).
 *
 * @example
 * // not run: needs a uPlot chart in a page
 * hideLegendRows(chart.plot, [4, 5]);
 */
export function hideLegendRows(plot: uPlot, indices: readonly number[]): void {
  const rows = plot.root.querySelectorAll<HTMLElement>('.u-legend .u-series');
  for (const i of indices) rows[i]?.classList.add('band-edge');
}
