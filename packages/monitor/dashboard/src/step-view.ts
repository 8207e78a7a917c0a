/**
 * Which steps the step charts (loss, parameters, distance) show, shared by all of them so they stay
 * aligned (DOM-free).
 *
 * - `whole` (the default): the whole run, from step 1 to its planned last step when the run's config
 *   says it (epochs × batches per epoch, from n, batchSize and dropLast), else to the latest step seen;
 *   a finished run ends at its last step. The curve fills in from the left as a live run progresses.
 * - `zoom`: a step range the reader chose by dragging, or moved with the pan buttons.
 * - `follow`: the latest `span` steps, sliding as steps arrive.
 *
 * Every change goes through one of the methods here, each an explicit choice in the UI; a double-click
 * calls `reset()`.
 *
 * @example
 * import { StepView } from './step-view.js';
 * const v = new StepView();
 * console.log(v.range({ start: 1, latest: 120, end: 300 })); // [ 1, 300 ]
 * v.zoomTo(40, 80);
 * v.pan(0.5);
 * console.log(v.range({ start: 1, latest: 120, end: 300 })); // [ 60, 100 ]
 */
import type { DoneEvent, RunEvent } from '@gradstream/events';

export type ViewMode = 'whole' | 'zoom' | 'follow';

/** What a chart knows of the run: its first step, the latest step seen, and where the run ends. */
export interface StepExtent {
  start: number;
  latest: number;
  end: number;
}

export class StepView {
  #mode: ViewMode = 'whole';
  #zoom: [number, number] = [1, 2];
  #span: number | null = null;
  #listeners: (() => void)[] = [];

  get mode(): ViewMode {
    return this.#mode;
  }

  /** The step range to draw now. */
  range(extent: StepExtent): [number, number] {
    const { start, latest } = extent;
    const end = Math.max(extent.end, latest, start + 1);
    if (this.#mode === 'zoom') return [...this.#zoom];
    if (this.#mode === 'follow') {
      // Chosen when following starts: the zoom's width, else a tenth of the run.
      this.#span ??= Math.max(50, Math.round((end - start) / 10));
      const hi = Math.max(latest, start + 1);
      return [Math.max(start, hi - this.#span), hi];
    }
    return [start, end];
  }

  /** Shows steps `from`…`to` (a drag on a chart); stops following. */
  zoomTo(from: number, to: number): void {
    if (!(to > from)) return;
    this.#mode = 'zoom';
    this.#zoom = [from, to];
    this.#changed();
  }

  /**
   * Moves a zoomed view by `fraction` of its width (negative: towards step 1). The whole run has
   * nowhere to move; a followed view becomes a fixed zoom at the same place.
   */
  pan(fraction: number, current?: [number, number]): void {
    if (this.#mode === 'whole') return;
    const [a, b] = this.#mode === 'follow' && current ? current : this.#zoom;
    const by = (b - a) * fraction;
    this.zoomTo(a + by, b + by);
  }

  /** Follows the latest steps (keeping a zoom's width), or stops following and shows the whole run. */
  follow(on: boolean): void {
    if (on === (this.#mode === 'follow')) return;
    this.#span = on && this.#mode === 'zoom' ? this.#zoom[1] - this.#zoom[0] : null;
    this.#mode = on ? 'follow' : 'whole';
    this.#changed();
  }

  /** Back to the whole run (double-click). */
  reset(): void {
    if (this.#mode === 'whole') return;
    this.#mode = 'whole';
    this.#span = null;
    this.#changed();
  }

  /** Calls `f` after every change of the view. */
  onChange(f: () => void): void {
    this.#listeners.push(f);
  }

  #changed(): void {
    for (const f of this.#listeners) f();
  }
}

/**
 * The run's planned number of steps, when its config says how many rows, how big a batch and how many
 * epochs; otherwise `null`.
 *
 * @example
 * import { plannedSteps } from './step-view.js';
 * const config = { d: 2, n: 1000, batchSize: 10, lr: 0.03, epochs: 3, optimizer: { name: 'sgd' as const }, engine: 'fused' as const };
 * console.log(plannedSteps({ type: 'run', v: 1, config, startedAt: 0, w: [0, 0], b: 0 })); // 300
 */
export function plannedSteps(run: RunEvent | null): number | null {
  const c = run?.config;
  if (!c || !c.n || !c.batchSize || !c.epochs) return null;
  const perEpoch = c.dropLast ? Math.floor(c.n / c.batchSize) : Math.ceil(c.n / c.batchSize);
  return perEpoch > 0 ? perEpoch * c.epochs : null;
}

/**
 * Where the whole run ends on the x-axis: a finished run at its last step, else its planned last step,
 * else the latest step seen.
 *
 * @example
 * import { runEnd } from './step-view.js';
 * const config = { d: 2, n: 1000, batchSize: 10, lr: 0.03, epochs: 3, optimizer: { name: 'sgd' as const }, engine: 'fused' as const };
 * console.log(runEnd({ type: 'run', v: 1, config, startedAt: 0, w: [0, 0], b: 0 }, null, 120)); // 300: the lesson's 3 epochs of 100 batches
 */
export function runEnd(run: RunEvent | null, done: DoneEvent | null, latest: number): number {
  if (done) return Math.max(done.steps, latest);
  return Math.max(plannedSteps(run) ?? 0, latest);
}
