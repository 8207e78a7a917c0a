/**
 * Each parameter over the steps against its true value (dashed), the distance to the optimum on a
 * log scale, and a table of the current numbers. Like the loss, each history bucket is a band from
 * the parameter's min to its max with its value after the bucket's first and last step as the line
 * (from step 0, the initial values); steps nobody saw are gaps. The distance is computed from those
 * exact values (a line, no band: its min and max are not known from the parameters' own).
 */
import type uPlot from 'uplot';
import { bandData, stepRangeIn, type Cell } from '../band-data.js';
import { el, fill, numberEl, paramColour, palette, sub } from '../dom.js';
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
    fill(paramsHost);
    fill(distHost);
    const names = [...Array.from({ length: d }, (_, j) => `w${sub(j + 1)}`), 'b'];
    const hasTrue = !!store.run?.trueW;
    const series: uPlot.Series[] = [{ label: 'step', value: (_u, v) => (v === null ? '–' : String(v)) }];
    names.forEach((name, j) => series.push({ label: name, stroke: paramColour(j, d), width: 2, points: lonePoints(5), value: legendValue }));
    if (hasTrue) names.forEach((name, j) => series.push({ label: `${name} true`, stroke: paramColour(j, d), width: 1, dash: [6, 5], value: legendValue }));
    const firstEdge = series.length;
    names.forEach((name) => series.push(...bandEdges(name)));
    const bands = names.map((_, j) => bandFill(firstEdge + 2 * j + 1, firstEdge + 2 * j, `${paramColour(j, d)}2e`));
    params = managedChart(paramsHost, {
      scales: { x: { time: false }, y: boundedScale },
      axes: [{ label: 'step', values: axisValues, grid }, { label: 'value', values: axisValues, size: 56, grid }],
      series,
      bands,
    }, 230, steps);
    hideLegendRows(params.plot, names.flatMap((_, j) => [firstEdge + 2 * j, firstEdge + 2 * j + 1]));
    const t = target(store.run);
    dist = managedChart(distHost, {
      scales: { x: { time: false }, y: logScale },
      axes: [{ label: 'step', values: axisValues, grid }, logAxis('distance (log)')],
      series: [
        { label: 'step', value: (_u, v) => (v === null ? '–' : String(v)) },
        { label: t ? `distance to the ${t.label}` : 'distance (no target known)', stroke: palette.distance, width: 2, points: lonePoints(5), value: legendValue },
      ],
    }, 200, steps);
  };

  const renderTable = (store: RunStore) => {
    const run = store.run;
    if (!run) {
      fill(table, el('p', { class: 'empty' }, 'Waiting for the run…'));
      return;
    }
    const w = store.latest?.w ?? run.w;
    const b = store.latest?.b ?? run.b;
    const t = target(run);
    const head = el('tr', {}, el('th', {}, 'parameter'), el('th', {}, 'now'), el('th', {}, 'true'), el('th', {}, 'optimum'), el('th', {}, 'now − true'));
    const row = (name: string, j: number, now: number | undefined, tru: number | undefined, opt: number | undefined, id: string) =>
      el(
        'tr',
        {},
        el('td', {}, el('span', { class: 'swatch', style: `background:${paramColour(j, w.length)}` }), name),
        el('td', {}, numberEl(id, now)),
        el('td', {}, numberEl(undefined, tru)),
        el('td', {}, numberEl(undefined, opt)),
        el('td', {}, numberEl(`${id}-error`, now !== undefined && tru !== undefined ? now - tru : undefined)),
      );
    const rows = w.map((wj, j) => row(`w${sub(j + 1)}`, j, wj, run.trueW?.[j], run.optimum?.w[j], `w-${j}`));
    rows.push(row('b', w.length, b, run.trueB, run.optimum?.b, 'b'));
    const distNow = t && b !== undefined ? Math.hypot(...w.map((wj, j) => wj - (t.w[j] ?? 0)), b - t.b) : undefined;
    fill(
      table,
      el('table', {}, el('thead', {}, head), el('tbody', {}, ...rows)),
      el('p', { class: 'note' }, t ? `distance to the ${t.label}: ` : '', t ? numberEl('distance', distNow) : ''),
    );
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
      renderTable(store);
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
