import type { Socket } from 'node:net';
import { WebSocket } from 'ws';
import { closeClient } from './close-client.js';
import type { Sequenced } from './run-state.js';
import { isStepFrame, StepBatch, type Outgoing } from './step-batch.js';
import type { PacedSink, StepPacer } from './step-pacer.js';

/** Frames written in one system call at most, */
const CORK_FRAMES = 32;
/** and bytes (a steps frame can be tens of kilobytes: a handful of them make one write). */
const CORK_BYTES = 64 * 1024;
/** Frames are prebuilt UTF-8 bytes that must still go out as text frames. */
const TEXT = { binary: false } as const;
/** Binary `steps` frames. */
const BINARY = { binary: true } as const;

/** What the server knows about one connection's sending, for tests, benchmarks and `stats()`. */
export interface SubscriberStats {
  /** Bytes accepted by `ws.send` but not yet written to the kernel. */
  bufferedAmount: number;
  /** Frames held back because the socket is congested (steps conflate, so this stays small). */
  queued: number;
  /** Bytes of those frames. `bufferedAmount + queuedBytes` never exceeds `maxBufferedBytes`. */
  queuedBytes: number;
  /** Event frames handed to the socket (a `steps` frame counts once). */
  sent: number;
  /** Step frames replaced by a newer one while the socket was congested. */
  conflated: number;
  /** Step frames skipped because of the client's `maxHz`. */
  throttled: number;
  /** Events offered to this connection by the fan-out: the work it costs per event (paced clients get steps per slot). */
  offered: number;
  maxHz: number | null;
  /** Why the server is closing this connection (past its bound), or null. */
  closing: string | null;
}

export interface SubscriberOptions {
  /** `bufferedAmount` above which event frames wait in the queue (and steps conflate). */
  highWaterMark: number;
  /** Most bytes waiting for this client (socket buffer and queue, every kind of frame): past it, it is closed (1013). */
  maxBufferedBytes: number;
  /** Seq of the last event the client has (from the hello, or its `since`). */
  lastSeq: number;
  /** The run (`Sequenced.run`) that `lastSeq` belongs to. */
  run: number;
  /** The run id a client resuming before the server has any run asked for (`?run=`): another run starts afresh. */
  resumeRunId?: string;
}

/**
 * One connection's outgoing stream. It never blocks the producer and never holds more than its bound:
 * - above `highWaterMark` bytes of `bufferedAmount`, frames wait in a small queue where consecutive
 *   step frames conflate into the newest one (the client gets the latest state when it drains), while
 *   run/epoch/done/error frames are all kept, in order;
 * - every frame — events, the hello, pongs, protocol errors, control frames — counts against
 *   `maxBufferedBytes`: a client with more than that waiting (it does not read) is closed with 1013 and
 *   the reason, and its queue is dropped;
 * - with `maxHz`, a `StepPacer` sends it the latest step once per slot (the FanOut offers it no other step);
 * - a client that connected with `?batch=1` is offered runs of steps as `StepBatch`es (one `steps` frame
 *   each, the same bytes for every such client), which conflate like single steps.
 * Frames go out in increasing seq order and never twice (`lastSeq`); a new run restarts the numbering.
 *
 * @example
 * // Used by serveMonitor: new Subscriber(ws, { highWaterMark: 1 << 18, maxBufferedBytes: 1 << 22, lastSeq: hello.seq, run: state.runIndex }).push(item);
 */
export class Subscriber implements PacedSink {
  /** Set by the heartbeat: false after a ping until the pong comes back. */
  alive = true;
  /** Set while the client asked for `maxHz`. */
  pacer: StepPacer | null = null;
  private lastSeq: number;
  private run: number;
  private resumeRunId: string | undefined;
  private queue: Outgoing[] = [];
  private queuedBytes = 0;
  private counts = { sent: 0, conflated: 0, offered: 0, steps: 0 };
  /** Steps skipped under earlier `maxHz` settings. */
  private throttledBefore = 0;
  private closing: string | null = null;

  constructor(
    readonly ws: WebSocket,
    private readonly options: SubscriberOptions,
  ) {
    this.lastSeq = options.lastSeq;
    this.run = options.run;
    this.resumeRunId = options.resumeRunId;
  }

  get stepsSent(): number {
    return this.counts.steps;
  }

  /** Paces this client's steps from now on (`null`: every step again). */
  setPacer(pacer: StepPacer | null): void {
    if (this.pacer !== null) this.throttledBefore += this.pacer.throttled();
    this.pacer?.dispose();
    this.pacer = pacer;
  }

  wants(item: Sequenced): boolean {
    return item.run === this.run ? item.seq > this.lastSeq : item.run > this.run;
  }

  /** Offers the next event of the run to this connection. */
  push(item: Sequenced): void {
    this.counts.offered++;
    if (item.run !== this.run) this.enterRun(item);
    if (item.seq <= this.lastSeq || this.closing !== null || this.ws.readyState !== WebSocket.OPEN) return;
    if (item.event.type === 'step') {
      if (this.pacer !== null && !this.pacer.take(performance.now())) return;
      this.counts.steps++;
    }
    this.lastSeq = item.seq;
    this.enqueue(item);
  }

  /** Offers consecutive steps as one `steps` frame (a client that connected with `?batch=1`); the ones it has are left out. */
  pushSteps(batch: StepBatch): void {
    this.counts.offered += batch.items.length;
    if (batch.run !== this.run) this.enterRun(batch.items[0]);
    if (this.closing !== null || this.ws.readyState !== WebSocket.OPEN) return;
    const part = batch.after(this.lastSeq);
    if (part === null) return;
    this.lastSeq = part.lastSeq;
    this.enqueue(part);
  }

  /**
   * Offers a batch of events. The socket is corked for the batch, so the frames leave in one `writev`
   * instead of one system call each: with 100 subscribers this is most of the broadcast's cost.
   * (`_socket` is ws's underlying net.Socket; without it the frames simply go out one by one.)
   */
  pushAll(items: readonly Outgoing[]): void {
    const socket = (this.ws as unknown as { _socket?: Socket })._socket;
    if (socket === undefined) {
      for (const item of items) this.offer(item);
      return;
    }
    socket.cork();
    try {
      let corked = 0;
      for (const item of items) {
        // Corked bytes count in bufferedAmount: hand them to the kernel every few frames or kilobytes, so a
        // large burst is not mistaken for a slow reader.
        if (++corked === CORK_FRAMES || socket.writableLength >= CORK_BYTES) {
          corked = 0;
          socket.uncork();
          socket.cork();
        }
        this.offer(item);
      }
    } finally {
      socket.uncork();
    }
  }

  /**
   * Sends a frame that is not part of the run (hello, pong, control, protocol error) ahead of any queue;
   * `sent` runs once ws has written it to the socket. It counts against the bound like any frame.
   */
  sendControl(json: string, sent?: () => void): void {
    if (this.closing !== null || this.ws.readyState !== WebSocket.OPEN || this.overBound(Buffer.byteLength(json))) return;
    if (sent === undefined) this.ws.send(json, this.flush);
    else
      this.ws.send(json, (err) => {
        this.flush(err);
        if (!err) sent();
      });
  }

  stats(): SubscriberStats {
    const { sent, conflated, offered } = this.counts;
    const throttled = this.throttledBefore + (this.pacer?.throttled() ?? 0);
    const { bufferedAmount } = this.ws;
    return { bufferedAmount, queued: this.queue.length, queuedBytes: this.queuedBytes, sent, conflated, throttled, offered, maxHz: this.pacer?.maxHz ?? null, closing: this.closing };
  }

  /** Stops the pacer and drops the queue; the server calls it when the socket closes. */
  dispose(): void {
    this.pacer?.dispose();
    this.queue = [];
    this.queuedBytes = 0;
  }

  private offer(item: Outgoing): void {
    if (item instanceof StepBatch) this.pushSteps(item);
    else this.push(item);
  }

  /** A new run restarts the numbering at 1. The first run a client that connected before any run sees is
   * the one it resumes into — its `since` still applies — unless it named another run id. */
  private enterRun(item: Sequenced): void {
    if (this.run !== 0 || (this.resumeRunId !== undefined && item.runId !== this.resumeRunId)) this.lastSeq = 0;
    this.run = item.run;
    this.resumeRunId = undefined;
  }

  /** Whether `extra` more bytes would take this client past its bound; if so it is closed (1013). */
  private overBound(extra: number): boolean {
    const waiting = this.ws.bufferedAmount + this.queuedBytes + extra;
    if (waiting <= this.options.maxBufferedBytes) return false;
    this.closing = `client not reading: ${waiting} bytes waiting to be sent (limit ${this.options.maxBufferedBytes})`;
    this.dispose();
    closeClient(this.ws, 1013, this.closing);
    return true;
  }

  private enqueue(item: Outgoing): void {
    if (this.queue.length === 0 && this.ws.bufferedAmount < this.options.highWaterMark) {
      this.send(item);
      return;
    }
    const tail = this.queue[this.queue.length - 1];
    const conflate = isStepFrame(item) && tail !== undefined && isStepFrame(tail);
    const bytes = item.data.length - (conflate ? tail.data.length : 0);
    if (this.overBound(bytes)) return;
    this.queuedBytes += bytes;
    if (conflate) {
      this.queue[this.queue.length - 1] = item;
      this.counts.conflated++;
    } else {
      this.queue.push(item);
    }
  }

  private send(item: Outgoing): void {
    this.counts.sent++;
    // The callback runs once ws has written the frame to the socket: the moment to try the queue again.
    this.ws.send(item.data, item.binary ? BINARY : TEXT, this.flush);
  }

  private readonly flush = (err?: Error): void => {
    if (err) return;
    while (this.queue.length > 0 && this.closing === null && this.ws.readyState === WebSocket.OPEN && this.ws.bufferedAmount < this.options.highWaterMark) {
      const item = this.queue.shift() as Outgoing;
      this.queuedBytes -= item.data.length;
      this.send(item);
    }
  };
}
