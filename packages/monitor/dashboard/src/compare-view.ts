/**
 * The compare view, shown when the monitor serves several runs (protocol 2): the run list with the
 * hyperparameter filter, the overlaid loss curves, the final loss against each hyperparameter and the
 * table of runs, above the single-run panels, which show the selected run.
 *
 * It owns the `RunsStore` and keeps the server's watched set equal to what it shows (`sync`).
 */
import type { RunsClientFrame, RunsServerFrame } from '../../src/runs-protocol.js';
import { el } from './dom.js';
import type { CompareHook } from './hook-types.js';
import { hparamPanel } from './panels/hparam-scatter.js';
import { overlayLossPanel } from './panels/overlay-loss.js';
import { runListPanel } from './panels/run-list.js';
import { runsTablePanel } from './panels/runs-table.js';
import { RunsStore } from './runs-store.js';
import type { RunStore, ConnectionState } from './store.js';

export interface CompareView {
  readonly runs: RunsStore;
  /** Takes a frame when it belongs to protocol 2 (returns false for a one-run monitor's frames). */
  apply(frame: { type: string }): boolean;
  setConnection(state: ConnectionState): void;
  /** Redraws (called by the page's throttle). */
  update(): void;
  /** The store the single-run panels show: the selected run's, or `fallback` (the page's, empty with protocol 2). */
  shownStore(fallback: RunStore): RunStore;
  hook(): CompareHook | null;
}

/**
 * @example
 * // not run: needs the dashboard page
 * const compare = compareView(document.querySelector('main')!, (frame) => connection.send(frame), () => redraw.request());
 */
export function compareView(before: HTMLElement, send: (frame: RunsClientFrame) => boolean, redraw: () => void): CompareView {
  const runs = new RunsStore();
  const changed = () => {
    runs.sync(send);
    redraw();
  };
  const select = (id: string) => {
    runs.select(id);
    changed();
  };
  const card = (title: string, cls: string, body: HTMLElement) => el('section', { class: `card ${cls}` }, el('h2', {}, title), body);
  const [listHost, lossHost, hpHost, tableHost] = [0, 1, 2, 3].map(() => el('div'));
  const title = el('span', { class: 'selected-run', 'data-testid': 'selected-run' }, 'none');
  const section = el(
    'div',
    { class: 'compare', 'data-testid': 'compare', hidden: 'hidden' },
    el('div', { class: 'compare-grid' }, card('Runs', 'runs-card', listHost), card('Loss, all runs', 'overlay-card', lossHost), card('Final loss against each hyperparameter', 'hparam-card', hpHost), card('Runs by result', 'table-card', tableHost)),
    el('h2', { class: 'selected-title' }, 'Selected run: ', title),
  );
  before.before(section);
  const list = runListPanel(listHost, runs, changed);
  const loss = overlayLossPanel(lossHost);
  loss.onCursor((at) => list.showValues(at));
  const hparams = hparamPanel(hpHost, select);
  const table = runsTablePanel(tableHost, select);

  return {
    runs,
    apply(frame) {
      if (!runs.accepts(frame)) return false;
      const wasActive = runs.active;
      const changedNow = runs.apply(frame as RunsServerFrame);
      if (!wasActive || frame.type === 'hello' || frame.type === 'runs') runs.sync(send);
      if (changedNow) redraw();
      return true;
    },
    setConnection(state) {
      runs.setConnection(state);
    },
    update() {
      if (!runs.active) return;
      section.hidden = false;
      list.update(runs);
      loss.update(runs);
      hparams.update(runs);
      table.update(runs);
      title.textContent = runs.selected ?? 'none';
      // Underlined in the run's colour (some colours are too light for text).
      title.style.borderBottom = runs.selected === null ? '' : `3px solid ${runs.colour(runs.selected)}`;
      // Until a run is selected, the page's header and banner speak of the runs, not of a run that never comes.
      if (runs.selected === null) describeRuns(runs);
    },
    shownStore(fallback) {
      // With no run selected (or its history not there yet), the page's own store: empty in this mode.
      return runs.selectedStore() ?? fallback;
    },
    hook() {
      if (!runs.active) return null;
      return {
        runs: [...runs.summaries.keys()],
        statuses: Object.fromEntries([...runs.summaries].map(([id, s]) => [id, s.status])),
        legend: list.legend,
        series: loss.series,
        selected: runs.selected,
        watched: [...runs.stores.keys()],
        tableOrder: table.order,
        hparamPoints: hparams.points,
      };
    },
  };
}

function describeRuns(runs: RunsStore): void {
  const counts = new Map<string, number>();
  for (const s of runs.summaries.values()) counts.set(s.status, (counts.get(s.status) ?? 0) + 1);
  const config = document.getElementById('config');
  const banner = document.getElementById('banner');
  if (config) config.textContent = `${runs.summaries.size} runs: ${[...counts].map(([status, n]) => `${n} ${status}`).join(', ')}`;
  if (banner) {
    banner.className = 'banner waiting';
    banner.textContent = 'Select a run in the list, the table or a chart to see its data, parameters and explanations here.';
  }
}
