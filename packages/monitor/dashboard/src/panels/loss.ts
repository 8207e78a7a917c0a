/**
 * The loss per step on a log scale: the raw curve faint behind its debiased exponential smoothing
 * (TensorBoard-style, with a slider), and the whole-dataset loss after each epoch as dots.
 * Drag to zoom, double-click to see everything; the legend reads out the values under the cursor.
 */
import type uPlot from 'uplot';
import { palette, el } from '../dom.js';
import { debiasedEma } from '../smoothing.js';
import type { RunStore } from '../store.js';
import { axisValues, grid, legendValue, logAxis, logScale, managedChart } from './chart.js';

export interface LossPanel {
  update(store: RunStore): void;
  /** Points currently drawn (one per bucket; one per step until the history is downsampled). */
  readonly points: number;
  /** The step range on screen (narrower than the data after a zoom). */
  readonly view: [number, number] | null;
}

export function lossPanel(root: HTMLElement): LossPanel {
  let weight = 0.6;
  const slider = el('input', { type: 'range', min: 0, max: 0.99, step: 0.01, value: weight, 'data-testid': 'smoothing', 'aria-label': 'smoothing' });
  const shown = el('output', {}, weight.toFixed(2));
  root.append(el('label', { class: 'control' }, 'smoothing ', slider, shown));
  const host = el('div', { class: 'chart', 'data-testid': 'loss-chart' });
  root.append(host);

  const chart = managedChart(
    host,
    {
      scales: { x: { time: false }, y: logScale },
      axes: [
        { label: 'step', values: axisValues, grid },
        logAxis('loss (log scale)'),
      ],
      series: [
        { label: 'step', value: (_u, v) => (v === null ? '–' : String(v)) },
        { label: 'loss', stroke: palette.lossRaw, width: 1, value: legendValue },
        { label: 'smoothed', stroke: palette.loss, width: 2, value: legendValue },
        { label: 'epoch loss', stroke: palette.epoch, width: 0, paths: () => null, points: { show: true, size: 9, fill: palette.epoch, stroke: '#fff' }, value: legendValue },
      ],
      legend: { live: true },
      cursor: { drag: { x: true, y: false } },
    },
    280,
  );

  let last: RunStore | null = null;
  let drawnVersion = -1;
  let points = 0;
  const draw = (store: RunStore) => {
    const buckets = store.loss.buckets;
    const x = buckets.map((b) => b.toStep);
    // Log scale: a zero or non-finite loss cannot be drawn, so it becomes a gap.
    const raw = buckets.map((b) => (b.last > 0 && Number.isFinite(b.last) ? b.last : null));
    const epoch: (number | null)[] = x.map(() => null);
    let i = 0;
    for (const e of store.epochs) {
      while (i < buckets.length && buckets[i].toStep < e.globalStep) i++;
      if (i < buckets.length && e.loss > 0) epoch[i] = e.loss;
    }
    chart.setData([x, raw, debiasedEma(raw, weight), epoch] as uPlot.AlignedData);
    points = x.length;
  };
  slider.addEventListener('input', () => {
    weight = Number(slider.value);
    shown.textContent = weight.toFixed(2);
    if (last) draw(last);
  });

  return {
    update(store) {
      last = store;
      if (store.version === drawnVersion) return;
      drawnVersion = store.version;
      draw(store);
    },
    get points() {
      return points;
    },
    get view(): [number, number] | null {
      const { min, max } = chart.plot.scales.x;
      return min === undefined || max === undefined || min === null || max === null ? null : [min, max];
    },
  };
}
