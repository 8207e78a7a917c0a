/**
 * The loss per step on a log scale. Each history bucket is a shaded min–max band with the loss line
 * through it (the first and last loss of the bucket), so the initial drop and one-step spikes show
 * at any zoom; steps nobody saw are a gap, not a straight line. The line's debiased exponential
 * smoothing (TensorBoard-style, with a slider) and the whole-dataset loss after each epoch (dots) sit
 * on top (smoothing is per step, so it means the same at every zoom). The x-axis shows the whole run unless the reader zooms, pans or follows the latest steps.
 */
import type uPlot from 'uplot';
import { bandData, extentIn, stepRangeIn, withMarkers, type Cell } from '../band-data.js';
import { palette, el } from '../dom.js';
import { debiasedEma } from '../smoothing.js';
import { runEnd, type StepView } from '../step-view.js';
import type { RunStore } from '../store.js';
import { bandEdges, bandFill, lonePoints } from './band-series.js';
import { axisValues, grid, legendValue, logAxis, logScale, managedChart } from './chart.js';
import { stepControls } from './step-controls.js';

export interface LossPanel {
  update(store: RunStore): void;
  /** Buckets drawn (one per step until the history is downsampled). */
  readonly points: number;
  /** The step range on screen (narrower than the run after a zoom). */
  readonly view: [number, number] | null;
  /** The [min, max] loss drawn on screen, bands included. */
  readonly extent: [number, number] | null;
  /** The first and last step drawn on screen. */
  readonly range: [number, number] | null;
  /** Gaps in the loss history as [last step before, first step after]. */
  readonly gaps: [number, number][];
}

/** The loss chart: raw and smoothed per-bucket lines, epoch losses as dots, the buckets' min–max band. */
const LOSS_CHART: Omit<uPlot.Options, 'width' | 'height'> = {
  scales: { x: { time: false }, y: logScale },
  axes: [
    { label: 'step', values: axisValues, grid },
    logAxis('loss (log scale)'),
  ],
  series: [
    { label: 'step', value: (_u, v) => (v === null ? '–' : String(v)) },
    { label: 'loss', stroke: palette.lossRaw, width: 1, points: lonePoints(4), value: legendValue },
    { label: 'smoothed', stroke: palette.loss, width: 2, points: lonePoints(5), value: legendValue },
    { label: 'epoch loss', stroke: palette.epoch, width: 0, paths: () => null, points: { show: true, size: 9, fill: palette.epoch, stroke: '#fff' }, value: legendValue },
    ...bandEdges('bucket'),
  ],
  bands: [bandFill(5, 4, 'rgba(109, 40, 217, 0.16)')],
  legend: { live: true },
};

export function lossPanel(root: HTMLElement, steps: StepView): LossPanel {
  let weight = 0.6;
  const slider = el('input', { type: 'range', min: 0, max: 0.99, step: 0.01, value: weight, 'data-testid': 'smoothing', 'aria-label': 'smoothing' });
  const shown = el('output', {}, weight.toFixed(2));
  const host = el('div', { class: 'chart', 'data-testid': 'loss-chart' });
  const view = (): [number, number] | null => {
    const { min, max } = chart.plot.scales.x;
    return min === undefined || max === undefined || min === null || max === null ? null : [min, max];
  };
  root.append(el('div', { class: 'chart-bar' }, el('label', { class: 'control' }, 'smoothing ', slider, shown), stepControls(steps, view)), host);

  const chart = managedChart(host, LOSS_CHART, 280, steps);

  let last: RunStore | null = null;
  let drawnVersion = -1;
  let drawn = { points: 0, extent: null as [number, number] | null, range: null as [number, number] | null, gaps: [] as [number, number][] };
  const draw = (store: RunStore) => {
    // Log scale: a zero loss cannot be drawn, so it is skipped (not a gap).
    const bd = bandData(store.loss, [0], (v) => v > 0);
    const { line, min, max } = bd.bands[0];
    const epochs = store.epochs.filter((e) => e.loss > 0 && Number.isFinite(e.loss)).map((e) => ({ x: e.globalStep, y: e.loss }));
    const [x, raw, smooth, lo, hi, epoch] = withMarkers([bd.x, line, debiasedEma(line, weight, bd.x), min, max], epochs);
    const latest = store.latestStep;
    const range = steps.range({ start: 1, latest, end: runEnd(store.run, store.done, latest) });
    chart.setData([x, raw, smooth, epoch, lo, hi] as uPlot.AlignedData, range);
    const xs = x as number[];
    const drawnCols: Cell[][] = [raw, lo, hi];
    drawn = { points: bd.buckets, extent: extentIn(xs, drawnCols, range[0], range[1]), range: stepRangeIn(xs, drawnCols, range[0], range[1]), gaps: bd.gaps };
  };
  slider.addEventListener('input', () => {
    weight = Number(slider.value);
    shown.textContent = weight.toFixed(2);
    if (last) draw(last);
  });
  steps.onChange(() => last && draw(last));

  return {
    update(store) {
      last = store;
      // A live run in the whole or followed view moves with every step; a zoom only when data changes.
      if (store.version === drawnVersion) return;
      drawnVersion = store.version;
      draw(store);
    },
    get points() {
      return drawn.points;
    },
    get view() {
      return view();
    },
    get extent() {
      return drawn.extent;
    },
    get range() {
      return drawn.range;
    },
    get gaps() {
      return drawn.gaps;
    },
  };
}
