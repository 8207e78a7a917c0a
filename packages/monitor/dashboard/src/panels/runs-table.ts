/**
 * The table of runs: colour, id, the hyperparameters that differ, status, final loss, gap to the
 * least-squares optimum, steps and time. A click on a column heading sorts by it (again: the other way);
 * a click on a row selects the run. Only the runs shown (ticked, passing the filter) are listed.
 */
import type { RunSummary } from '../../../src/runs-protocol.js';
import { el, fill, numberEl } from '../dom.js';
import { hyperparameters, varying } from '../hyperparameters.js';
import { sortRuns, type RunSortKey } from '../run-order.js';
import type { RunsStore } from '../runs-store.js';

const COLUMNS: [RunSortKey, string][] = [
  ['finalLoss', 'final loss'],
  ['gapToOptimum', 'gap to optimum'],
  ['steps', 'steps'],
  ['elapsedMs', 'time (s)'],
];

export interface RunsTablePanel {
  update(runs: RunsStore): void;
  /** Run ids in the order the table lists them. */
  readonly order: string[];
  readonly sort: { key: RunSortKey; direction: 'asc' | 'desc' };
}

export function runsTablePanel(root: HTMLElement, select: (id: string) => void): RunsTablePanel {
  const sort = { key: 'finalLoss' as RunSortKey, direction: 'asc' as 'asc' | 'desc' };
  const table = el('table', { class: 'runs-table', 'data-testid': 'runs-table' });
  root.append(el('div', { class: 'scroll' }, table));
  let order: string[] = [];
  let drawn = '';
  let last: RunsStore | null = null;

  const heading = (key: RunSortKey, label: string) => {
    const arrow = sort.key === key ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : '';
    const th = el('th', { class: 'sortable', 'data-sort': key, 'aria-sort': sort.key === key ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none' }, label + arrow);
    th.addEventListener('click', () => {
      sort.direction = sort.key === key && sort.direction === 'asc' ? 'desc' : 'asc';
      sort.key = key;
      drawn = '';
      if (last) draw(last);
    });
    return th;
  };

  const row = (s: RunSummary, hps: string[], runs: RunsStore) => {
    const hp = hyperparameters(s.config);
    // As the CLI's table: no time for a run that stopped early (its last epoch's time is not the run's).
    const seconds = s.elapsedMs === null || (s.status !== 'done' && s.status !== 'live') ? null : s.elapsedMs / 1000;
    const tr = el(
      'tr',
      { 'data-run': s.id, class: s.id === runs.selected ? 'selected' : '', title: s.message ?? '' },
      el('td', {}, el('span', { class: 'swatch', style: `background:${runs.colour(s.id)}` }), s.id),
      ...hps.map((h) => el('td', { class: 'num' }, String(hp[h as keyof typeof hp] ?? '–'))),
      el('td', { class: `status ${s.status}` }, s.status),
      el('td', {}, numberEl(undefined, s.finalLoss, 'short')),
      el('td', {}, numberEl(undefined, s.gapToOptimum, 'short')),
      el('td', {}, numberEl(undefined, s.steps, 'count')),
      el('td', {}, numberEl(undefined, seconds, 3)),
    );
    tr.addEventListener('click', () => select(s.id));
    return tr;
  };

  const draw = (runs: RunsStore) => {
    const shown = runs.shown().map((id) => runs.summaries.get(id)!);
    // Rebuilt only when what it shows changed: a row replaced under the pointer would swallow the click.
    const key = JSON.stringify([shown, runs.selected, sort]);
    if (key === drawn) return;
    drawn = key;
    const hps = [...varying(shown).keys()];
    const sorted = sortRuns(shown, sort.key, sort.direction);
    order = sorted.map((s) => s.id);
    const head = el('tr', {}, el('th', {}, 'run'), ...hps.map((h) => el('th', {}, h)), el('th', {}, 'status'), ...COLUMNS.map(([k, label]) => heading(k, label)));
    fill(table, el('thead', {}, head), el('tbody', {}, ...sorted.map((s) => row(s, hps, runs))));
  };

  return {
    update(runs) {
      last = runs;
      draw(runs);
    },
    get order() {
      return [...order];
    },
    get sort() {
      return { ...sort };
    },
  };
}
