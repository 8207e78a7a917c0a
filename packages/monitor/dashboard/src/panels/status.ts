/**
 * The page header and the "now" card: connection state, the run's configuration, a clear message
 * when the run ends or fails, the latest step's numbers and the loss after each epoch.
 */
import { isInterruption, type RunConfig } from '@gradstream/events';
import { el, fill, numberEl } from '../dom.js';
import { formatDuration, formatNumber } from '../format.js';
import type { ConnectionState, RunStore } from '../store.js';

const connectionText: Record<ConnectionState, string> = {
  connecting: 'connecting…',
  open: 'connected',
  reconnecting: 'reconnecting…',
  closed: 'disconnected',
  refused: 'wrong or missing token',
};

/** The run's configuration in one line. */
export function describeConfig(c: RunConfig): string {
  const opt = c.optimizer.name === 'sgd' ? 'SGD' : c.optimizer.name === 'momentum' ? `momentum ${c.optimizer.momentum ?? 0.9}` : 'Adam';
  const parts = [
    `${c.engine} engine`,
    opt,
    `lr ${c.lr}`,
    `batch ${c.batchSize}`,
    c.epochs !== undefined ? `${c.epochs} epoch${c.epochs === 1 ? '' : 's'}` : '',
    c.n !== undefined ? `${c.n} rows` : '',
    `${c.d} feature${c.d === 1 ? '' : 's'}`,
    c.seed !== undefined ? `seed ${c.seed}` : '',
    c.source ? `data: ${c.source}` : '',
  ];
  return parts.filter(Boolean).join(' · ');
}

export interface StatusElements {
  connection: HTMLElement;
  config: HTMLElement;
  banner: HTMLElement;
  now: HTMLElement;
  epochs: HTMLElement;
}

export function statusPanel(els: StatusElements): { update(store: RunStore): void } {
  let drawnVersion = -1;
  return {
    update(store) {
      if (store.version === drawnVersion) return;
      drawnVersion = store.version;
      els.connection.textContent = connectionText[store.connection];
      els.connection.className = `pill ${store.connection}`;
      els.config.textContent = store.run ? describeConfig(store.run.config) : 'no run yet';
      banner(els.banner, store);
      now(els.now, store);
      epochs(els.epochs, store);
    },
  };
}

function banner(root: HTMLElement, store: RunStore): void {
  const { done, error, run } = store;
  if (error) {
    const where = error.globalStep !== undefined ? ` at step ${error.globalStep}${error.epoch !== undefined ? ` (epoch ${error.epoch})` : ''}` : '';
    // Stopped from outside (Ctrl-C, a closed pipe) is not a failure of the run: it may go on from its checkpoint.
    const stopped = isInterruption(error);
    root.className = `banner ${stopped ? 'interrupted' : 'failed'}`;
    fill(root, el('strong', {}, `Run ${stopped ? 'interrupted' : 'failed'}${where}: `), error.message, error.hint ? el('span', { class: 'hint', 'data-testid': 'run-hint' }, ` Hint: ${error.hint}.`) : '');
  } else if (done) {
    root.className = 'banner done';
    fill(
      root,
      el('strong', {}, 'Run finished: '),
      `${done.epochs} epoch${done.epochs === 1 ? '' : 's'}, ${done.steps} steps in ${formatNumber(done.elapsedMs / 1000, 3)} s`,
      done.loss !== undefined ? el('span', {}, ', final loss ', numberEl('done-loss', done.loss)) : '',
    );
  } else if (store.connection === 'refused') {
    root.className = 'banner failed';
    fill(
      root,
      el('strong', {}, 'Wrong or missing token: '),
      'the monitor needs the token it printed. Open the dashboard address exactly as the monitor printed it (it ends in ?token=…).',
    );
  } else if (run) {
    root.className = 'banner running';
    fill(root, store.connection === 'open' ? 'Training…' : 'Training (connection lost, the numbers may be stale)…');
  } else {
    root.className = 'banner waiting';
    fill(root, store.connection === 'open' ? 'Waiting for a run to start…' : 'Connecting to the monitor…');
  }
  root.setAttribute('data-state', error ? (isInterruption(error) ? 'interrupted' : 'failed') : done ? 'done' : store.connection === 'refused' ? 'refused' : run ? 'running' : 'waiting');
}

function now(root: HTMLElement, store: RunStore): void {
  const l = store.latest;
  const item = (label: string, value: Node) => el('div', { class: 'stat' }, el('div', { class: 'label' }, label), value);
  fill(
    root,
    item('step', numberEl('step', l?.globalStep, 'count')),
    item('epoch', numberEl('epoch', l?.epoch, 'count')),
    item('batch loss', numberEl('loss', l?.loss)),
    item('‖grad‖', numberEl('grad-norm', l?.gradNorm)),
    ...(l?.accuracy === undefined ? [] : [item('batch accuracy', numberEl('batch-accuracy', l.accuracy))]),
  );
}

/** The epochs table's first and last rows when a run has more epochs than these and one. */
const EPOCH_ROWS_HEAD = 3;
const EPOCH_ROWS_TAIL = 8;

function epochs(root: HTMLElement, store: RunStore): void {
  if (store.epochs.length === 0) {
    fill(root, el('p', { class: 'empty' }, 'No epoch finished yet.'));
    return;
  }
  // A classifier's epochs show their accuracy where the lesson shows the gap to the least-squares optimum.
  const classifier = store.epochs.some((e) => e.accuracy !== undefined);
  const all = store.epochs;
  // A long run's table shows its first and latest epochs: 200 rows would push the page down and be rebuilt each frame.
  const cut = all.length > EPOCH_ROWS_HEAD + EPOCH_ROWS_TAIL + 1;
  const shown = cut ? [...all.slice(0, EPOCH_ROWS_HEAD), ...all.slice(-EPOCH_ROWS_TAIL)] : all;
  const rows = shown.map((e) =>
    el(
      'tr',
      {},
      el('td', {}, String(e.epoch)),
      el('td', {}, numberEl(`epoch-loss-${e.epoch}`, e.loss)),
      classifier ? el('td', {}, numberEl(`epoch-accuracy-${e.epoch}`, e.accuracy)) : el('td', {}, numberEl(`epoch-gap-${e.epoch}`, e.gapToOptimum)),
      el('td', {}, numberEl(undefined, e.globalStep, 'count')),
      el('td', {}, formatDuration(e.elapsedMs)),
    ),
  );
  if (cut) {
    const hidden = all.length - EPOCH_ROWS_HEAD - EPOCH_ROWS_TAIL;
    rows.splice(EPOCH_ROWS_HEAD, 0, el('tr', { class: 'elided', 'data-testid': 'epochs-elided' }, el('td', { colspan: '5' }, `… ${hidden} epochs in between (the loss chart shows the whole run)`)));
  }
  fill(
    root,
    el(
      'table',
      {},
      el('thead', {}, el('tr', {}, el('th', {}, 'epoch'), el('th', {}, store.run?.sample ? 'loss (all rows)' : 'loss (mean of batches)'), el('th', {}, classifier ? 'accuracy' : 'gap to optimum'), el('th', {}, 'step'), el('th', {}, 'elapsed'))),
      el('tbody', {}, ...rows),
    ),
  );
}
