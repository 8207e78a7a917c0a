import type { Socket } from 'node:net';
import { WebSocket } from 'ws';
import type { Sequenced } from './run-state.js';

/** Frames written in one system call at most. */
const CORK_FRAMES = 32;
/** Frames are prebuilt UTF-8 bytes that must still go out as text frames. */
const TEXT = { binary: false } as const;

/** What the server knows about one connection's sending, for tests, benchmarks and `stats()`. */
export interface SubscriberStats {
  /** Bytes accepted by `ws.send` but not yet written to the kernel. */
  bufferedAmount: number;
  /** Frames held back because the socket is congested (steps conflate, so this stays small). */
  queued: number;
  /** Event frames handed to the socket. */
  sent: number;
  /** Step frames replaced by a newer one while the socket was congested. */
  conflated: number;
  /** Step frames skipped because of the client's `maxHz`. */
  throttled: number;
  maxHz: number | null;
}

/**
 * One connection's outgoing stream of run events. It never blocks the producer:
 * - above `highWaterMark` bytes of `bufferedAmount`, frames wait in a small queue where consecutive
 *   step frames conflate into the newest one (the client gets the latest state when it drains), while
 *   run/epoch/done/error frames are all kept, in order;
 * - with `maxHz`, step frames are spaced at least `1000 / maxHz` ms apart, the newest skipped one sent
 *   when its slot comes (so the last step is not lost); a later epoch/done/error supersedes it.
 * Frames go out in increasing seq order and never twice (`lastSeq`); a new run restarts the numbering.
 *
 * @example
 * // Used by serveMonitor: new Subscriber(ws, { highWaterMark: 1 << 18, lastSeq: hello.seq, run: state.runIndex }).push(item);
 */
export class Subscriber {
  /** Set by the heartbeat: false after a ping until the pong comes back. */
  alive = true;
  private lastSeq: number;
  private readonly highWaterMark: number;
  private queue: Sequenced[] = [];
  private maxHz: number | null = null;
  private lastStepAt = -Infinity;
  private pendingStep: Sequenced | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private counts = { sent: 0, conflated: 0, throttled: 0 };
  /** The run (`Sequenced.run`) of the last event offered. */
  private run: number;

  constructor(
    readonly ws: WebSocket,
    { highWaterMark, lastSeq, run }: { highWaterMark: number; lastSeq: number; run: number },
  ) {
    this.highWaterMark = highWaterMark;
    this.lastSeq = lastSeq;
    this.run = run;
  }

  setMaxHz(maxHz: number): void {
    this.maxHz = maxHz;
  }

  /** Offers the next event of the run to this connection. */
  push(item: Sequenced): void {
    if (item.run !== this.run) {
      // A new run restarts the numbering at 1. The first run a subscriber sees after connecting before any
      // run (a server restarted over a replay) is the run it resumes into: its `since` still applies.
      if (this.run !== 0) this.lastSeq = 0;
      this.run = item.run;
    }
    if (item.seq <= this.lastSeq || this.ws.readyState !== WebSocket.OPEN) return;
    this.lastSeq = item.seq;
    if (item.event.type === 'step' && this.maxHz !== null) {
      const now = performance.now();
      const wait = this.lastStepAt + 1000 / this.maxHz - now;
      if (wait > 0) {
        if (this.pendingStep !== null) this.counts.throttled++;
        this.pendingStep = item;
        this.timer ??= setTimeout(this.releaseStep, Math.ceil(wait));
        return;
      }
      this.lastStepAt = now;
    } else if (item.event.type !== 'step' && this.pendingStep !== null) {
      // The epoch/done/error that follows carries newer parameters; sending the older step after it would break seq order.
      this.pendingStep = null;
      this.counts.throttled++;
    }
    this.enqueue(item);
  }

  /**
   * Offers a batch of events. The socket is corked for the batch, so the frames leave in one `writev`
   * instead of one system call each: with 100 subscribers this is most of the broadcast's cost.
   * (`_socket` is ws's underlying net.Socket; without it the frames simply go out one by one.)
   */
  pushAll(items: readonly Sequenced[]): void {
    const socket = (this.ws as unknown as { _socket?: Socket })._socket;
    if (socket === undefined) {
      for (const item of items) this.push(item);
      return;
    }
    socket.cork();
    try {
      let corked = 0;
      for (const item of items) {
        // Corked bytes count in bufferedAmount: hand them to the kernel every few frames, so a large burst
        // is not mistaken for a slow reader.
        if (++corked === CORK_FRAMES) {
          corked = 0;
          socket.uncork();
          socket.cork();
        }
        this.push(item);
      }
    } finally {
      socket.uncork();
    }
  }

  /**
   * Sends a frame that is not part of the run (hello, pong, control, protocol error) ahead of any queue;
   * `sent` runs once ws has written it to the socket.
   */
  sendControl(json: string, sent?: () => void): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    if (sent === undefined) this.ws.send(json, this.flush);
    else
      this.ws.send(json, (err) => {
        this.flush(err);
        if (!err) sent();
      });
  }

  stats(): SubscriberStats {
    return { bufferedAmount: this.ws.bufferedAmount, queued: this.queue.length, maxHz: this.maxHz, ...this.counts };
  }

  /** Clears the throttle timer; the server calls it when the socket closes. */
  dispose(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.pendingStep = null;
    this.queue = [];
  }

  private readonly releaseStep = (): void => {
    this.timer = null;
    const item = this.pendingStep;
    if (item === null || this.ws.readyState !== WebSocket.OPEN || this.maxHz === null) return;
    // Timers may fire up to a millisecond early (the loop caches its clock): re-arm rather than exceed maxHz.
    const now = performance.now();
    const wait = this.lastStepAt + 1000 / this.maxHz - now;
    if (wait > 0) {
      this.timer = setTimeout(this.releaseStep, Math.max(1, Math.ceil(wait)));
      return;
    }
    this.pendingStep = null;
    this.lastStepAt = now;
    this.enqueue(item);
  };

  private enqueue(item: Sequenced): void {
    if (this.queue.length === 0 && this.ws.bufferedAmount < this.highWaterMark) {
      this.send(item);
      return;
    }
    const tail = this.queue[this.queue.length - 1];
    if (item.event.type === 'step' && tail !== undefined && tail.event.type === 'step') {
      this.queue[this.queue.length - 1] = item;
      this.counts.conflated++;
    } else {
      this.queue.push(item);
    }
  }

  private send(item: Sequenced): void {
    this.counts.sent++;
    // The callback runs once ws has written the frame to the socket: the moment to try the queue again.
    this.ws.send(item.data, TEXT, this.flush);
  }

  private readonly flush = (err?: Error): void => {
    if (err) return;
    while (this.queue.length > 0 && this.ws.readyState === WebSocket.OPEN && this.ws.bufferedAmount < this.highWaterMark) {
      this.send(this.queue.shift() as Sequenced);
    }
  };
}
