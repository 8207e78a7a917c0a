/** The shape of `window.__gradstream` (DOM-free, so Node-side tests can import it). */
export interface DashboardHook {
  readonly stepsSeen: number;
  /** Points on the loss chart now. */
  readonly lossPoints: number;
  /** First and last step on the loss chart. */
  readonly lossRange: [number, number] | null;
  /** Step range the loss chart shows now (narrower after a zoom). */
  readonly lossView: [number, number] | null;
  readonly latest: { globalStep: number; loss: number; w: number[]; b: number } | null;
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
}
