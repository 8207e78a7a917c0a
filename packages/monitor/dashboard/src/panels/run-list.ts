/**
 * The run list of the compare view, which is also the chart's legend: per run a checkbox (show its
 * curve or not), its colour, its id and its status; clicking a name selects the run. Above it, one
 * drop-down per hyperparameter that differs between the runs filters which runs are shown.
 *
 * Rows are made once per run and updated in place, so a click never lands on a row being replaced.
 */
import { el, fill } from '../dom.js';
import { formatNumber } from '../format.js';
import { varying, type HyperName } from '../hyperparameters.js';
import type { RunsStore } from '../runs-store.js';
import type { CursorValues } from './overlay-loss.js';

export interface RunListPanel {
  update(runs: RunsStore): void;
  /** Shows each run's loss under the chart's cursor next to its name (null: none). */
  showValues(at: CursorValues): void;
  /** The legend as drawn: one entry per run listed (and not filtered out). */
  readonly legend: string[];
}

interface Row {
  li: HTMLLIElement;
  box: HTMLInputElement;
  status: HTMLSpanElement;
  value: HTMLSpanElement;
}

export function runListPanel(root: HTMLElement, runs: RunsStore, changed: () => void): RunListPanel {
  const filters = el('div', { class: 'run-filters', 'data-testid': 'run-filters' });
  const list = el('ul', { class: 'run-list', 'data-testid': 'run-list' });
  root.append(filters, list);
  const rows = new Map<string, Row>();
  let filterKey = '';

  const row = (id: string): Row => {
    const box = el('input', { type: 'checkbox', 'aria-label': `show ${id}` });
    box.checked = true;
    box.addEventListener('change', () => {
      runs.tick(id, box.checked);
      changed();
    });
    const name = el('button', { type: 'button', class: 'run-name', title: 'show this run\'s panels below' }, id);
    name.addEventListener('click', () => {
      runs.select(id);
      changed();
    });
    const status = el('span', { class: 'run-status' });
    const value = el('span', { class: 'num run-value' });
    const li = el('li', { 'data-run': id, 'data-testid': 'legend-entry' }, box, el('span', { class: 'swatch', style: `background:${runs.colour(id)}` }), name, value, status);
    return { li, box, status, value };
  };

  const drawFilters = () => {
    const hps = varying(runs.summaries.values());
    const key = JSON.stringify([...hps]);
    if (key === filterKey) return;
    filterKey = key;
    const selects = [...hps].map(([name, values]) => {
      const select = el('select', { 'data-testid': `filter-${name.replace(' ', '-')}`, 'aria-label': `filter by ${name}` }, el('option', { value: '' }, 'all'), ...values.map((v) => el('option', { value: String(v) }, String(v))));
      select.value = runs.filter.get(name) ?? '';
      select.addEventListener('change', () => {
        runs.setFilter(name as HyperName, select.value === '' ? null : select.value);
        changed();
      });
      return el('label', { class: 'control' }, name, select);
    });
    fill(filters, ...selects);
  };

  let drawn = -1;
  return {
    update(store) {
      if (store.version === drawn) return;
      drawn = store.version;
      drawFilters();
      for (const [id, summary] of store.summaries) {
        let r = rows.get(id);
        if (r === undefined) {
          r = row(id);
          rows.set(id, r);
          list.append(r.li);
        }
        r.box.checked = !store.unticked.has(id);
        r.li.hidden = !store.passes(id);
        r.li.classList.toggle('selected', store.selected === id);
        r.li.dataset.status = summary.status;
        r.status.textContent = summary.status;
      }
    },
    showValues(at) {
      for (const [id, r] of rows) {
        const v = at?.values.get(id);
        r.value.textContent = v === undefined ? '' : formatNumber(v, 3);
      }
    },
    get legend() {
      return [...rows].filter(([, r]) => !r.li.hidden).map(([id]) => id);
    },
  };
}
