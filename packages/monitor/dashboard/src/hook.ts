/**
 * A small read-only view of the page's state on `window.__gradstream`, for tests and for a curious
 * reader's console. Getters, so it always reads the live state and cannot be written to.
 */
import type { HelloControl } from '../../src/protocol.js';
import type { BoundaryHook, CompareHook, DashboardHook } from './hook-types.js';
import type { RunStore } from './store.js';

export type { DashboardHook };

declare global {
  interface Window {
    __gradstream?: DashboardHook;
  }
}

/** What the panels report about what they drew. */
export interface HookView {
  /** The controls bar's state (panels/controls.ts). */
  control: () => HelloControl | null;
  loss: { points: number; view: [number, number] | null; extent: [number, number] | null; range: [number, number] | null; gaps: [number, number][] };
  params: { range: [number, number] | null; gaps: [number, number][] };
  steps: { mode: 'whole' | 'zoom' | 'follow' };
  graphNodes: () => number;
  draws: () => number;
  busyMs: () => { apply: number; draw: number };
  /** The compare view's state (compare-view.ts); absent or null for a one-run monitor. */
  compare?: () => CompareHook | null;
  /** The decision-boundary panel's state (panels/boundary.ts). */
  boundary?: () => BoundaryHook;
}

/**
 * @example
 * // not run: needs the dashboard page (a DOM and the panels)
 * installHook(store, { control: () => controls.state, loss, params, steps, graphNodes: () => graph.nodes, draws: () => redraw.draws, busyMs: () => ({ ...busy }) });
 * window.__gradstream?.lossRange; // [1, 300] after the lesson
 */
export function installHook(shown: RunStore | (() => RunStore), view: HookView): DashboardHook {
  // With several runs the panels (and so the hook) follow the selected run's store.
  const current = typeof shown === 'function' ? shown : () => shown;
  const hook: DashboardHook = Object.freeze({
    get stepsSeen() {
      return current().stepsSeen;
    },
    get lossPoints() {
      return view.loss.points;
    },
    get lossRange() {
      return view.loss.range;
    },
    get lossExtent() {
      return view.loss.extent;
    },
    get lossGaps() {
      return view.loss.gaps.map(([a, b]) => [a, b] as [number, number]);
    },
    get lossView() {
      return view.loss.view;
    },
    get paramRange() {
      return view.params.range;
    },
    get paramGaps() {
      return view.params.gaps.map(([a, b]) => [a, b] as [number, number]);
    },
    get viewMode() {
      return view.steps.mode;
    },
    get latest() {
      const l = current().latest;
      return l ? { globalStep: l.globalStep, loss: l.loss, w: l.w && [...l.w], b: l.b, params: l.params, accuracy: l.accuracy } : null;
    },
    get epochs() {
      return current().epochCount;
    },
    get explainStep() {
      return current().explainStep;
    },
    get graphNodes() {
      return view.graphNodes();
    },
    get connection() {
      return current().connection;
    },
    get control() {
      return view.control();
    },
    get state() {
      const s = current();
      return s.error ? 'failed' : s.done ? 'done' : s.run ? 'running' : 'waiting';
    },
    get lastSeq() {
      return current().lastSeq;
    },
    get framesSeen() {
      return current().framesSeen;
    },
    get draws() {
      return view.draws();
    },
    get busyMs() {
      return view.busyMs();
    },
    get boundary() {
      return view.boundary?.() ?? null;
    },
    get compare() {
      return view.compare?.() ?? null;
    },
  });
  window.__gradstream = hook;
  return hook;
}
