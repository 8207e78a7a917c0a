import type { TrainEvent } from '@gradstream/events';
import { RunState, type Sequenced } from './run-state.js';
import { batchSteps } from './step-batch.js';
import { StepPacer, type StepSource } from './step-pacer.js';
import type { Subscriber } from './subscriber.js';

/**
 * The run's events to every connection. On the producer's turn an event is only queued (one array
 * push); the next turn of the event loop records it in the run's state (seq, history, resume log) and
 * broadcasts it, stringified once for all. So neither the bookkeeping (~1–3 µs an event, measured) nor
 * the sending slows the producer, and a synchronous burst leaves each socket in one corked write. A
 * client that connects in between gets a hello without the queued events, which then follow live.
 *
 * Connections that connected with `?batch=1` get each run of consecutive steps of a broadcast in one
 * `steps` frame, encoded once for all of them (see `step-batch.ts`); the others get a frame per event.
 *
 * Connections that asked for `maxHz` cost nothing per step: they are offered only the events that are
 * not steps, and their `StepPacer` pulls the latest step once per slot (see `step-pacer.ts`).
 *
 * @example
 * import { FanOut } from './fan-out.js';
 * const fanOut = new FanOut({ historySize: 512, logSize: 10_000 });
 * fanOut.record({ type: 'error', message: 'nothing to train' }); // serveMonitor adds a Subscriber per connection
 * fanOut.flush(); // what the next turn of the event loop does
 * console.log(fanOut.state.seq); // 1
 * fanOut.dispose();
 */
export class FanOut implements StepSource {
  readonly state: RunState;
  /** Every connection. */
  readonly subscribers = new Set<Subscriber>();
  /** Connections offered every event, one frame each (v1). */
  private readonly direct = new Set<Subscriber>();
  /** Connections offered every event, consecutive steps in one `steps` frame (`?batch=1`). */
  private readonly batched = new Set<Subscriber>();
  /** Connections with `maxHz`: offered the events that are not steps. */
  private readonly paced = new Set<Subscriber>();
  /** Pacers waiting for the next step. */
  private readonly waiting = new Set<StepPacer>();
  private latest: Sequenced | null = null;
  private steps = 0;
  /** Events of the run not yet recorded in `state` nor broadcast. */
  private pending: TrainEvent[] = [];
  private scheduled: ReturnType<typeof setImmediate> | null = null;

  constructor(sizes: { historySize: number; logSize: number }) {
    this.state = new RunState(sizes);
  }

  /** A new connection; `batch`: it takes its steps in `steps` frames. */
  add(sub: Subscriber, batch = false): void {
    this.subscribers.add(sub);
    (batch ? this.batched : this.direct).add(sub);
  }

  /** Forgets a closed connection. */
  remove(sub: Subscriber): void {
    this.subscribers.delete(sub);
    this.direct.delete(sub);
    this.batched.delete(sub);
    this.paced.delete(sub);
    if (sub.pacer !== null) this.waiting.delete(sub.pacer);
    sub.dispose();
  }

  /** Caps a connection's step frames to `maxHz` a second from now on. */
  pace(sub: Subscriber, maxHz: number): void {
    if (sub.pacer !== null) this.waiting.delete(sub.pacer);
    const pacer = new StepPacer(sub, this, maxHz);
    sub.setPacer(pacer);
    this.direct.delete(sub);
    this.batched.delete(sub);
    this.paced.add(sub);
    this.waiting.add(pacer);
  }

  latestStep(): Sequenced | null {
    return this.latest;
  }

  stepCount(): number {
    return this.steps;
  }

  wait(pacer: StepPacer): void {
    this.waiting.add(pacer);
  }

  /** Queues the next event of the run; the next turn records it and sends it to every connection. */
  readonly record = (event: TrainEvent): void => {
    this.pending.push(event);
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
    const events = this.pending;
    this.pending = [];
    const batch = events.map((event) => this.state.record(event));
    let step: Sequenced | null = null;
    let others: Sequenced[] | null = null;
    for (const item of batch) {
      if (item.event.type === 'step') {
        step = item;
        this.steps++;
        continue;
      }
      (others ??= []).push(item);
      if (item.event.type === 'run') {
        // A new run: the old run's latest step is nobody's to send any more.
        step = null;
        this.latest = null;
      }
    }
    for (const sub of this.direct) sub.pushAll(batch);
    if (this.batched.size > 0) {
      const frames = batchSteps(batch);
      for (const sub of this.batched) sub.pushAll(frames);
    }
    if (others !== null) for (const sub of this.paced) sub.pushAll(others);
    if (step === null) return;
    this.latest = step;
    const woken = [...this.waiting];
    this.waiting.clear();
    for (const pacer of woken) pacer.release();
  };

  /** Forgets the unsent events and the scheduled broadcast (the server is closing). */
  dispose(): void {
    if (this.scheduled !== null) clearImmediate(this.scheduled);
    this.scheduled = null;
    this.pending = [];
    this.waiting.clear();
  }
}
