/**
 * The compare view's loss chart: every shown run's loss per step on one log-scale chart, in the run's
 * colour (the selected run thicker), with one smoothing control for all of them (TensorBoard's debiased
 * EMA, per step), against epochs (so runs of different batch sizes line up) or steps. The y axis stops at ten times the largest initial loss, so a diverging run leaves the
 * chart instead of flattening the others. The chart is rebuilt when the set of runs changes.
 */
import type uPlot from 'uplot';
import { el } from '../dom.js';
import { overlay, stepsPerEpoch } from '../overlay-data.js';
import type { RunsStore } from '../runs-store.js';
import { axisValues, grid, logAxis, logScale, managedChart, type ManagedChart } from './chart.js';

/** Each run's loss (smoothed as drawn) at the x under the cursor; null when the cursor leaves the chart. */
export type CursorValues = { x: number; values: Map<string, number> } | null;

export interface OverlayLossPanel {
  update(runs: RunsStore): void;
  /** Called as the cursor moves over the chart (the run list shows the values next to the names). */
  onCursor(listener: (at: CursorValues) => void): void;
  /** The runs drawn, one series each, in order. */
  readonly series: string[];
}

export function overlayLossPanel(root: HTMLElement): OverlayLossPanel {
  let weight = 0.6;
  const slider = el('input', { type: 'range', min: 0, max: 0.99, step: 0.01, value: weight, 'data-testid': 'compare-smoothing', 'aria-label': 'smoothing' });
  const shown = el('output', {}, weight.toFixed(2));
  const host = el('div', { class: 'chart', 'data-testid': 'compare-chart' });
  const empty = el('p', { class: 'empty' }, 'Tick a run to draw its loss.');
  // Runs of different batch sizes take different numbers of steps per epoch: against epochs they line up.
  const axis = el('select', { 'data-testid': 'compare-x', 'aria-label': 'x axis' }, el('option', { value: 'step' }, 'step'), el('option', { value: 'epoch' }, 'epoch'));
  axis.value = 'epoch';
  root.append(el('div', { class: 'chart-bar' }, el('label', { class: 'control' }, 'smoothing ', slider, shown), el('label', { class: 'control' }, 'x axis ', axis)), host, empty);

  let chart: ManagedChart | null = null;
  let chartKey = '';
  let ids: string[] = [];
  let cap = Infinity;
  let last: RunsStore | null = null;
  let drawnVersion = -1;
  let cursorListener: (at: CursorValues) => void = () => {};
  const readCursor = (u: uPlot) => {
    const i = u.cursor.idx;
    if (i === null || i === undefined) return cursorListener(null);
    const values = new Map<string, number>();
    ids.forEach((id, k) => {
      const v = valueAt(u.data[k + 1] as (number | null | undefined)[], i);
      if (v !== null) values.set(id, v);
    });
    cursorListener({ x: u.data[0][i], values });
  };

  const rebuild = (runs: RunsStore, next: string[], x: string) => {
    chart?.plot.destroy();
    host.replaceChildren();
    const series: uPlot.Series[] = [
      { label: 'step' },
      ...next.map((id) => ({ label: id, stroke: runs.colour(id), width: id === runs.selected ? 3 : 1.5, points: { show: false }, spanGaps: false })),
    ];
    const y: uPlot.Scale = { ...logScale, range: (u, min, max) => (logScale.range as uPlot.Range.Function)(u, min, Math.min(max, cap), 'y') };
    chart = managedChart(host, { scales: { x: { time: false }, y }, axes: [{ label: x, values: axisValues, grid }, logAxis('loss (log scale)')], series, legend: { show: false }, hooks: { setCursor: [readCursor] } }, 320);
  };

  const draw = (runs: RunsStore) => {
    const next = runs.shown().filter((id) => runs.stores.has(id));
    const stores = next.map((id) => runs.stores.get(id)!);
    const perEpoch = stores.map((s) => stepsPerEpoch(s.run?.config, s.epochs));
    const byEpoch = axis.value === 'epoch' && perEpoch.every((p) => p !== null);
    const key = JSON.stringify([next, runs.selected, next.map((id) => runs.colour(id)), byEpoch]);
    if (key !== chartKey) {
      chartKey = key;
      rebuild(runs, next, byEpoch ? 'epoch' : 'step');
    }
    ids = next;
    empty.hidden = next.length > 0;
    const o = overlay(stores.map((s) => s.loss), weight, byEpoch ? perEpoch.map((p) => 1 / p!) : undefined);
    cap = o.firstMax === null ? Infinity : o.firstMax * 10;
    chart!.setData([o.x, ...o.series] as uPlot.AlignedData);
  };

  axis.addEventListener('change', () => last && draw(last));
  slider.addEventListener('input', () => {
    weight = Number(slider.value);
    shown.textContent = weight.toFixed(2);
    if (last) draw(last);
  });

  return {
    update(runs) {
      last = runs;
      if (runs.version === drawnVersion) return;
      drawnVersion = runs.version;
      draw(runs);
    },
    onCursor(listener) {
      cursorListener = listener;
    },
    get series() {
      return [...ids];
    },
  };
}

/**
 * The run's value at row `i`, or where the run has no point there but points on both sides, its last point
 * before it (its curve passes there); null past the run's ends (a run that diverged early has no value later).
 */
function valueAt(column: readonly (number | null | undefined)[], i: number): number | null {
  let after = i;
  while (after < column.length && column[after] === undefined) after++;
  if (after === column.length) return null;
  for (let j = i; j >= 0; j--) {
    const v = column[j];
    if (v === null) return null; // a gap: the run has no value here
    if (v !== undefined) return v;
  }
  return null;
}
