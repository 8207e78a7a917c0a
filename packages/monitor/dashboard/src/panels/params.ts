/**
 * Each parameter over the steps against its true value (dashed), the distance to the optimum on a
 * log scale, and a table of the current numbers. Like the loss, each history bucket is a band from
 * the parameter's min to its max with its value after the bucket's first and last step as the line
 * (from step 0, the initial values); steps nobody saw are gaps. The distance is computed from those
 * exact values (a line, no band: its min and max are not known from the parameters' own).
 */
import type uPlot from 'uplot';
import { bandData, stepRangeIn, type Cell } from '../band-data.js';
import { parameterSeriesNames } from '@gradstream/events';
import { el, fill, paramColour, palette, sub } from '../dom.js';
import { renderParamTable } from './param-table.js';
import { runEnd, type StepView } from '../step-view.js';
import { distance, target, type RunStore } from '../store.js';
import { bandEdges, bandFill, hideLegendRows, lonePoints } from './band-series.js';
import { axisValues, boundedScale, grid, legendValue, logAxis, logScale, managedChart, type ManagedChart } from './chart.js';

export interface ParamsPanel {
  update(store: RunStore): void;
  /** The first and last step drawn on the parameter chart now. */
  readonly range: [number, number] | null;
  /** Gaps in the parameter history as [last step before, first step after]. */
  readonly gaps: [number, number][];
}

export function paramsPanel(root: HTMLElement, steps: StepView): ParamsPanel {
  const table = el('div', { class: 'param-table' });
  const paramsHost = el('div', { class: 'chart', 'data-testid': 'params-chart' });
  const distHost = el('div', { class: 'chart', 'data-testid': 'distance-chart' });
  root.append(table, paramsHost, distHost);
  let d = -1;
  let builtFor: unknown;
  let params: ManagedChart | null = null;
  let dist: ManagedChart | null = null;
  let drawnVersion = -1;
  let last: RunStore | null = null;
  let drawn = { range: null as [number, number] | null, gaps: [] as [number, number][] };

  const build = (dims: number, store: RunStore) => {
    d = dims;
    builtFor = store.run?.startedAt;
    params?.plot.destroy();
    dist?.plot.destroy();
    ({ params, dist } = buildParamCharts(paramsHost, distHost, dims, store, steps));
  };

  const draw = (store: RunStore) => {
    const bd = bandData(store.params, Array.from({ length: d + 1 }, (_, j) => j));
    const { x, bands } = bd;
    const lines = bands.map((b) => b.line);
    const data: Cell[][] = [x, ...lines];
    if (store.run?.trueW && store.run.trueB !== undefined) {
      for (const v of [...store.run.trueW, store.run.trueB]) data.push(x.map(() => v));
    }
    for (const b of bands) data.push(b.min, b.max);
    const latest = store.latestStep;
    const range = steps.range({ start: 0, latest, end: runEnd(store.run, store.done, latest) });
    params!.setData(data as uPlot.AlignedData, range);
    dist!.setData([x, distances(lines, target(store.run))] as uPlot.AlignedData, range);
    drawn = { range: stepRangeIn(x, [...lines, ...bands.flatMap((b) => [b.min, b.max])], range[0], range[1]), gaps: bd.gaps };
  };
  steps.onChange(() => last && params && draw(last));

  return {
    update(store) {
      last = store;
      if (store.version === drawnVersion) return;
      drawnVersion = store.version;
      renderParamTable(table, store);
      const dims = store.params.columns - 1;
      if (!store.run || dims < 1) return;
      if (dims !== d || !params || builtFor !== store.run.startedAt) build(dims, store);
      draw(store);
    },
    get range() {
      return drawn.range;
    },
    get gaps() {
      return drawn.gaps;
    },
  };
}

/** The parameter chart (lines, true values dashed, min–max bands) and the distance chart of a run with `dims` weights. */
function buildParamCharts(paramsHost: HTMLElement, distHost: HTMLElement, dims: number, store: RunStore, steps: StepView): { params: ManagedChart; dist: ManagedChart } {
  fill(paramsHost);
  fill(distHost);
  // The lesson's w₁ … w_d, b; any other model's norm per tensor (‖W1‖, ‖b1‖ …), as `parameterSeries` charts them.
  const names = store.run ? parameterSeriesNames(store.run) : [...Array.from({ length: dims }, (_, j) => `w${sub(j + 1)}`), 'b'];
  const hasTrue = !!store.run?.trueW;
  const series: uPlot.Series[] = [{ label: 'step', value: (_u, v) => (v === null ? '–' : String(v)) }];
  names.forEach((name, j) => series.push({ label: name, stroke: paramColour(j, dims), width: 2, points: lonePoints(5), value: legendValue }));
  if (hasTrue) names.forEach((name, j) => series.push({ label: `${name} true`, stroke: paramColour(j, dims), width: 1, dash: [6, 5], value: legendValue }));
  const firstEdge = series.length;
  names.forEach((name) => series.push(...bandEdges(name)));
  const bands = names.map((_, j) => bandFill(firstEdge + 2 * j + 1, firstEdge + 2 * j, `${paramColour(j, dims)}2e`));
  const params = managedChart(paramsHost, {
    scales: { x: { time: false }, y: boundedScale },
    axes: [{ label: 'step', values: axisValues, grid }, { label: 'value', values: axisValues, size: 56, grid }],
    series,
    bands,
  }, 230, steps);
  hideLegendRows(params.plot, names.flatMap((_, j) => [firstEdge + 2 * j, firstEdge + 2 * j + 1]));
  const t = target(store.run);
  const dist = managedChart(distHost, {
    scales: { x: { time: false }, y: logScale },
    axes: [{ label: 'step', values: axisValues, grid }, logAxis('distance (log)')],
    series: [
      { label: 'step', value: (_u, v) => (v === null ? '–' : String(v)) },
      { label: t ? `distance to the ${t.label}` : 'distance (no target known)', stroke: palette.distance, width: 2, points: lonePoints(5), value: legendValue },
    ],
  }, 200, steps);
  return { params, dist };
}

// The distance at each drawn point from the parameters' exact values there; a gap stays a gap.
function distances(lines: Cell[][], t: ReturnType<typeof target>): Cell[] {
  const n = lines[0]?.length ?? 0;
  const out: Cell[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const row = lines.map((l) => l[i]);
    if (row.some((v) => v === null)) out[i] = null;
    else if (!t || row.some((v) => typeof v !== 'number')) out[i] = undefined;
    else {
      const v = distance(row.slice(0, -1) as number[], row[row.length - 1] as number, t);
      out[i] = v > 0 ? v : undefined;
    }
  }
  return out;
}
