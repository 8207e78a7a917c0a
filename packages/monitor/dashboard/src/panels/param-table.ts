/**
 * The table under the parameter chart: each parameter now, its true value, the least-squares optimum and
 * the error, and the distance to the target.
 */
import { parameterSeries, parameterSeriesNames } from '@gradstream/events';
import { el, fill, numberEl, paramColour, sub } from '../dom.js';
import { target, type RunStore } from '../store.js';

/**
 * @example
 * // not run: it draws into the dashboard page's DOM
 * renderParamTable(document.getElementById('params')!, store);
 */
export function renderParamTable(table: HTMLElement, store: RunStore): void {
  const run = store.run;
  if (!run) {
    fill(table, el('p', { class: 'empty' }, 'Waiting for the run…'));
    return;
  }
  if (run.model && run.w === undefined) return renderTensorTable(table, store);
  const w = store.latest?.w ?? run.w ?? [];
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
}

/** Any model other than the lesson's: one row per tensor — its shape, its norm now and at the start. */
function renderTensorTable(table: HTMLElement, store: RunStore): void {
  const run = store.run!;
  const names = parameterSeriesNames(run);
  const start = parameterSeries(run);
  const now = store.latest ? parameterSeries(store.latest) : start;
  const shapes = run.model!.parameters.map((p) => p.shape.join('×'));
  const head = el('tr', {}, el('th', {}, 'tensor'), el('th', {}, 'shape'), el('th', {}, 'norm now'), el('th', {}, 'norm at the start'));
  const rows = names.map((name, j) =>
    el(
      'tr',
      {},
      el('td', {}, el('span', { class: 'swatch', style: `background:${paramColour(j, names.length - 1)}` }), name),
      el('td', {}, shapes[j] ?? ''),
      el('td', {}, numberEl(`norm-${j}`, now[j])),
      el('td', {}, numberEl(undefined, start[j])),
    ),
  );
  const size = run.model!.size;
  fill(
    table,
    el('table', {}, el('thead', {}, head), el('tbody', {}, ...rows)),
    el('p', { class: 'note' }, `${run.model!.name}: ${size} parameters; the chart draws each tensor's norm.`),
  );
}
