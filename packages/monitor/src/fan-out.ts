import type { TrainEvent } from '@gradstream/events';
import { RunState, type Sequenced } from './run-state.js';
import type { Subscriber } from './subscriber.js';

/**
 * The run's events to every connection. An event is recorded at once (O(1), on the producer's
 * turn) and broadcast on the next turn of the event loop, stringified once for all; so sending never
 * slows the producer and a synchronous burst leaves each socket in one corked write.
 *
 * @example
 * import { FanOut } from './fan-out.js';
 * const fanOut = new FanOut({ historySize: 512, logSize: 10_000 });
 * fanOut.record({ type: 'error', message: 'nothing to train' }); // serveMonitor adds a Subscriber per connection
 * console.log(fanOut.state.seq); // 1
 * fanOut.dispose();
 */
export class FanOut {
  readonly state: RunState;
  readonly subscribers = new Set<Subscriber>();
  private pending: Sequenced[] = [];
  private scheduled: ReturnType<typeof setImmediate> | null = null;

  constructor(sizes: { historySize: number; logSize: number }) {
    this.state = new RunState(sizes);
  }

  /** Records the next event of the run; every connection gets it on the next turn. */
  readonly record = (event: TrainEvent): void => {
    this.pending.push(this.state.record(event));
    this.scheduled ??= setImmediate(this.flush);
  };

  /** A failing source is reported like a failing run, so every client learns why the stream stopped. */
  readonly fail = (err: unknown): void => this.record({ type: 'error', message: err instanceof Error ? err.message : String(err) });

  /** Sends a frame outside the run (a control frame) to every connection, after the events recorded before it. */
  sendToAll(json: string): void {
    this.flush();
    for (const sub of this.subscribers) sub.sendControl(json);
  }

  /** Sends the recorded events now. */
  readonly flush = (): void => {
    if (this.scheduled !== null) clearImmediate(this.scheduled);
    this.scheduled = null;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    for (const sub of this.subscribers) sub.pushAll(batch);
  };

  /** Forgets the unsent events and the scheduled broadcast (the server is closing). */
  dispose(): void {
    if (this.scheduled !== null) clearImmediate(this.scheduled);
    this.scheduled = null;
    this.pending = [];
  }
}
