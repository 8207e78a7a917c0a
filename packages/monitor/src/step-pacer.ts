import type { Sequenced } from './run-state.js';

/** What a pacer pulls from: the run's latest broadcast step, and a place to wait for the next one (the FanOut). */
export interface StepSource {
  /** The step event most recently broadcast, or null before any. */
  latestStep(): Sequenced | null;
  /** Steps broadcast so far (all runs). */
  stepCount(): number;
  /** Calls `pacer.release()` once, when the next step is broadcast. */
  wait(pacer: StepPacer): void;
}

/** The connection a pacer feeds: whether it still needs a step, and the way to send one. */
export interface PacedSink {
  /** Whether `item` is newer than what the connection has (a step superseded by a later epoch is not). */
  wants(item: Sequenced): boolean;
  /** Offers the step; it goes out (the pacer has just allowed it). */
  push(item: Sequenced): void;
  /** Step frames taken for sending so far (sent, or queued and maybe conflated into a newer one). */
  readonly stepsSent: number;
}

/**
 * A client's `maxHz`: its step frames at least `1000 / maxHz` ms apart. The pacer *pulls*: when its slot
 * comes it takes the run's latest step, if newer than what the client has, and sleeps again; when nothing
 * is newer it waits for the next broadcast step. So a paced client costs work per slot, never per step:
 * 200 clients at 1 Hz cost 200 frames a second however fast the run goes (they were 200 offers per step).
 * Non-step events (run, epoch, explain, done, error) are not paced: the FanOut offers them to every client.
 *
 * @example
 * import { StepPacer, type StepSource } from './step-pacer.js';
 * const source: StepSource = { latestStep: () => null, stepCount: () => 0, wait: () => {} };
 * const pacer = new StepPacer({ wants: () => true, push: () => {}, stepsSent: 0 }, source, 10);
 * console.log(pacer.take(0), pacer.take(50), pacer.take(100)); // true false true
 * pacer.dispose();
 */
export class StepPacer {
  private lastStepAt = -Infinity;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly periodMs: number;
  /** Steps broadcast and sent when pacing began: `throttled()` counts from here. */
  private readonly base: { broadcast: number; sent: number };

  constructor(
    private readonly sink: PacedSink,
    private readonly source: StepSource,
    readonly maxHz: number,
  ) {
    this.periodMs = 1000 / maxHz;
    this.base = { broadcast: source.stepCount(), sent: sink.stepsSent };
  }

  /** Whether a step may go out at `now` (ms); if so, its slot is taken. */
  take(now: number): boolean {
    if (now < this.lastStepAt + this.periodMs) return false;
    this.lastStepAt = now;
    return true;
  }

  /** Step frames broadcast while pacing that this client did not get (the one waiting for its slot included). */
  throttled(): number {
    return this.source.stepCount() - this.base.broadcast - (this.sink.stepsSent - this.base.sent);
  }

  /** When the slot comes, sends the latest step the client lacks, else waits for the next broadcast one. */
  readonly release = (): void => {
    this.timer = null;
    const item = this.source.latestStep();
    if (item === null || !this.sink.wants(item)) {
      this.source.wait(this);
      return;
    }
    // Timers may fire up to a millisecond early (the loop caches its clock): re-arm rather than exceed maxHz.
    const wait = this.lastStepAt + this.periodMs - performance.now();
    if (wait > 0) {
      this.timer = setTimeout(this.release, Math.max(1, Math.ceil(wait)));
      return;
    }
    this.sink.push(item);
    this.timer = setTimeout(this.release, Math.ceil(this.periodMs));
  };

  dispose(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
