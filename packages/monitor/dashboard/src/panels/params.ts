/**
 * Each parameter over the steps against its true value (dashed), the distance to the optimum on a
 * log scale, and a table of the current numbers.
 */
import type uPlot from 'uplot';
import { el, fill, numberEl, paramColour, palette, sub } from '../dom.js';
import { target, type RunStore } from '../store.js';
import { axisValues, boundedScale, grid, legendValue, logAxis, logScale, managedChart, type ManagedChart } from './chart.js';

export function paramsPanel(root: HTMLElement): { update(store: RunStore): void } {
  const table = el('div', { class: 'param-table' });
  const paramsHost = el('div', { class: 'chart', 'data-testid': 'params-chart' });
  const distHost = el('div', { class: 'chart', 'data-testid': 'distance-chart' });
  root.append(table, paramsHost, distHost);
  let d = -1;
  let builtFor: unknown;
  let params: ManagedChart | null = null;
  let dist: ManagedChart | null = null;
  let drawnVersion = -1;

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
    names.forEach((name, j) => series.push({ label: name, stroke: paramColour(j, d), width: 2, value: legendValue }));
    if (hasTrue) names.forEach((name, j) => series.push({ label: `${name} true`, stroke: paramColour(j, d), width: 1, dash: [6, 5], value: legendValue }));
    params = managedChart(paramsHost, {
      scales: { x: { time: false }, y: boundedScale },
      axes: [{ label: 'step', values: axisValues, grid }, { label: 'value', values: axisValues, size: 56, grid }],
      series,
      cursor: { drag: { x: true, y: false } },
    }, 230);
    const t = target(store.run);
    dist = managedChart(distHost, {
      scales: { x: { time: false }, y: logScale },
      axes: [{ label: 'step', values: axisValues, grid }, logAxis('distance (log)')],
      series: [
        { label: 'step', value: (_u, v) => (v === null ? '–' : String(v)) },
        { label: t ? `distance to the ${t.label}` : 'distance (no target known)', stroke: palette.distance, width: 2, value: legendValue },
      ],
      cursor: { drag: { x: true, y: false } },
    }, 200);
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

  return {
    update(store) {
      if (store.version === drawnVersion) return;
      drawnVersion = store.version;
      renderTable(store);
      const dims = store.params.columns.length - 2;
      if (!store.run || dims < 1) return;
      if (dims !== d || !params || builtFor !== store.run.startedAt) build(dims, store);
      const { x, columns } = store.params;
      const data: (number | null)[][] = [x, ...columns.slice(0, dims + 1)];
      if (store.run.trueW && store.run.trueB !== undefined) {
        for (const v of [...store.run.trueW, store.run.trueB]) data.push(x.map(() => v));
      }
      params!.setData(data as uPlot.AlignedData);
      dist!.setData([x, columns[dims + 1].map((v) => (v !== null && v > 0 ? v : null))] as uPlot.AlignedData);
    },
  };
}
