/**
 * A small read-only view of the page's state on `window.__gradstream`, for tests and for a curious
 * reader's console. Getters, so it always reads the live state and cannot be written to.
 */
import type { HelloControl } from '../../src/protocol.js';
import type { DashboardHook } from './hook-types.js';
import type { RunStore } from './store.js';

export type { DashboardHook };

declare global {
  interface Window {
    __gradstream?: DashboardHook;
  }
}

export function installHook(store: RunStore, view: { control: () => HelloControl | null; lossPoints: () => number; lossView: () => [number, number] | null; graphNodes: () => number; draws: () => number; busyMs: () => { apply: number; draw: number } }): DashboardHook {
  const hook: DashboardHook = Object.freeze({
    get stepsSeen() {
      return store.stepsSeen;
    },
    get lossPoints() {
      return view.lossPoints();
    },
    get lossRange() {
      const b = store.loss.buckets;
      return b.length ? ([b[0].fromStep, b[b.length - 1].toStep] as [number, number]) : null;
    },
    get lossView() {
      return view.lossView();
    },
    get latest() {
      const l = store.latest;
      return l ? { globalStep: l.globalStep, loss: l.loss, w: [...l.w], b: l.b } : null;
    },
    get epochs() {
      return store.epochs.length;
    },
    get explainStep() {
      return store.explainStep;
    },
    get graphNodes() {
      return view.graphNodes();
    },
    get connection() {
      return store.connection;
    },
    get control() {
      return view.control();
    },
    get state() {
      return store.error ? 'failed' : store.done ? 'done' : store.run ? 'running' : 'waiting';
    },
    get lastSeq() {
      return store.lastSeq;
    },
    get framesSeen() {
      return store.framesSeen;
    },
    get draws() {
      return view.draws();
    },
    get busyMs() {
      return view.busyMs();
    },
  });
  window.__gradstream = hook;
  return hook;
}
