/** The shape of `window.__gradstream` (DOM-free, so Node-side tests can import it). */
export interface DashboardHook {
  readonly stepsSeen: number;
  /** History buckets on the loss chart now (one per step until the history is downsampled). */
  readonly lossPoints: number;
  /** First and last step with loss drawn on screen. */
  readonly lossRange: [number, number] | null;
  /** The [min, max] loss drawn on screen, the min–max bands included. */
  readonly lossExtent: [number, number] | null;
  /** Gaps in the loss chart (steps nobody saw) as [last step before, first step after]. */
  readonly lossGaps: [number, number][];
  /** Step range the step charts show now (narrower after a zoom). */
  readonly lossView: [number, number] | null;
  /** First and last step with parameters drawn on screen (0 is the initial parameters). */
  readonly paramRange: [number, number] | null;
  /** Gaps in the parameter chart as [last step before, first step after]. */
  readonly paramGaps: [number, number][];
  /** What the step charts show: the whole run, a zoom, or the latest steps. */
  readonly viewMode: 'whole' | 'zoom' | 'follow';
  readonly latest: { globalStep: number; loss: number; w?: number[]; b?: number; params?: Record<string, number[]>; accuracy?: number } | null;
  /** Epochs finished (the page may keep only a sample of them). */
  readonly epochs: number;
  readonly explainStep: number | null;
  readonly graphNodes: number;
  readonly connection: string;
  /** The run's control state as the controls bar shows it; null when the run cannot be controlled. */
  readonly control: { paused: boolean; stepsPerSecond: number | null; canSeek: boolean; canControl: boolean } | null;
  readonly state: 'waiting' | 'running' | 'done' | 'failed';
  readonly lastSeq: number;
  readonly framesSeen: number;
  /** Redraws so far (the throttle keeps this near 10 per second at most). */
  readonly draws: number;
  /** Main-thread milliseconds spent applying frames (after JSON.parse) and drawing: what keeps the tab responsive or not. */
  readonly busyMs: { apply: number; draw: number };
  /** The compare view's state; null for a one-run monitor. */
  readonly compare: CompareHook | null;
  /** The decision-boundary panel (a classifier on two features); null before the page has one. */
  readonly boundary: BoundaryHook | null;
}

/** `window.__gradstream.boundary`: the class predicted in each grid cell as last drawn, and the accuracy shown. */
export interface BoundaryHook {
  /** Bumped on every redraw of the plane. */
  readonly version: number;
  /** Predicted class per cell, row by row from the top left (60 × 60); null before the first drawing. */
  readonly cells: number[] | null;
  /** The last epoch's accuracy as the panel shows it. */
  readonly accuracy: number | null;
}

/** `window.__gradstream.compare`: what the compare view shows, when the monitor serves several runs (protocol 2). */
export interface CompareHook {
  /** Every run the monitor announced, in the order they appeared. */
  readonly runs: string[];
  readonly statuses: Record<string, string>;
  /** The run list (the chart's legend) as drawn: runs passing the filter. */
  readonly legend: string[];
  /** The loss series drawn on the overlaid chart, one per run. */
  readonly series: string[];
  readonly selected: string | null;
  /** Runs whose history and events the page receives. */
  readonly watched: string[];
  /** Run ids in the table's order. */
  readonly tableOrder: string[];
  /** Dots on the final-loss-against-hyperparameter charts. */
  readonly hparamPoints: number;
}
