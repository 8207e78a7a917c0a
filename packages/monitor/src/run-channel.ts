import type { TrainEvent } from '@gradstream/events';
import type { HelloFrame } from './protocol.js';
import { RunState, Sequenced } from './run-state.js';
import { RunSummaryTracker } from './run-summary.js';
import type { RunHistoryFrame } from './runs-protocol.js';
import type { Subscriber } from './subscriber.js';

/** An event of one run among several: its frame carries the run's id (built once, for every watcher). */
class TaggedSequenced extends Sequenced {
  #bytes: Buffer | null = null;

  constructor(item: Sequenced, readonly tag: string) {
    super(item.run, item.seq, item.event, item.runId);
  }

  override get data(): Buffer {
    this.#bytes ??= Buffer.from(JSON.stringify({ ...this.event, seq: this.seq, runId: this.tag }));
    return this.#bytes;
  }
}

/**
 * One run of a many-runs monitor: its state (the v1 `RunState`: what a newcomer's `history` holds), its
 * summary, and the connections watching it. An event is recorded at once and broadcast to the watchers
 * on the next turn of the event loop, stringified once for all (as `FanOut` does for a one-run monitor;
 * each watcher's `Subscriber` bounds what waits for it and conflates its steps when it is slow).
 *
 * @example
 * import { RunChannel } from './run-channel.js';
 * const channel = new RunChannel('lr=0.03', { historySize: 64 });
 * channel.record({ type: 'error', message: 'no data' });
 * console.log(channel.summary.status, channel.history().hello.seq); // failed 1
 * channel.dispose();
 */
export class RunChannel {
  readonly state: RunState;
  readonly summary: RunSummaryTracker;
  readonly watchers = new Set<Subscriber>();
  private pending: Sequenced[] = [];
  private scheduled: ReturnType<typeof setImmediate> | null = null;

  constructor(
    readonly id: string,
    { historySize }: { historySize: number },
  ) {
    // No resume log: a client of many runs that reconnects watches again and gets each run's history, so the
    // ring of recent events (10,000 by default, per run) would only hold memory.
    this.state = new RunState({ historySize, logSize: 1 });
    this.summary = new RunSummaryTracker(id);
  }

  /** Records the run's next event; returns whether its summary changed. */
  record(event: TrainEvent): boolean {
    this.pending.push(new TaggedSequenced(this.state.record(event), this.id));
    this.scheduled ??= setImmediate(this.flush);
    return this.summary.apply(event);
  }

  /** The run so far, for a connection that starts watching it (events recorded before it are in it). */
  history(): RunHistoryFrame {
    const hello: HelloFrame = { ...this.state.hello(), runId: this.id };
    return { type: 'history', runId: this.id, hello };
  }

  watch(sub: Subscriber): void {
    this.watchers.add(sub);
  }

  unwatch(sub: Subscriber): void {
    this.watchers.delete(sub);
    sub.dispose();
  }

  /** Sends the recorded events now. */
  readonly flush = (): void => {
    if (this.scheduled !== null) clearImmediate(this.scheduled);
    this.scheduled = null;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    for (const sub of this.watchers) sub.pushAll(batch);
  };

  /** Forgets the unsent events (the server is closing). */
  dispose(): void {
    if (this.scheduled !== null) clearImmediate(this.scheduled);
    this.scheduled = null;
    this.pending = [];
  }
}
