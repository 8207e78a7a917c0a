import type { Pace } from './minibatch-options.js';
import type { Batch } from './types.js';
import { afterEventLoop } from './yield-to-loop.js';

/** Where paced batches go (a Subscriber is one). */
export interface BatchTarget {
  readonly closed: boolean;
  next(batch: Batch): void;
  complete(): void;
}

/**
 * Emits batches made by a reader at the {@link Pace} that `minibatches(…, { pace })` keeps: in slices of
 * `sliceMs`, each followed by `ready()` (e.g. stdout drained) and a turn of the event loop, and one batch
 * per `gate.tryTake()` (steps per second, pause). The reader queues the batches of one chunk and asks
 * {@link drained}: while batches wait, it holds its next chunk, so at most one chunk's batches are queued
 * (they must own their arrays: no `reuse`).
 *
 * @example
 * import { BatchPacer } from './batch-pacer.js';
 * const pacer = new BatchPacer({ closed: false, next: (b) => console.log('batch', b.index), complete: () => console.log('done') }, { sliceMs: 5 });
 * for (let index = 0; index < 3; index++) pacer.push({ epoch: 1, index, size: 1, d: 1, indices: new Uint32Array(1), X: new Float64Array(1), y: new Float64Array(1), last: index === 2 });
 * pacer.end(); // batch 0, batch 1, batch 2, done
 */
export class BatchPacer {
  private queue: Batch[] = [];
  private head = 0;
  private ending = false;
  private running = false;
  private waiters: (() => void)[] = [];
  private cancelNext: (() => void) | undefined;

  constructor(
    private readonly target: BatchTarget,
    private readonly pace: Pace,
  ) {}

  /** Queues a batch. */
  push(batch: Batch): void {
    this.queue.push(batch);
  }

  /** Nothing (true) when no batch waits; otherwise a promise that settles once all queued batches are emitted. */
  drained(): true | Promise<void> {
    if (this.head === this.queue.length) return true;
    const settled = new Promise<void>((resolve) => this.waiters.push(resolve));
    this.start();
    return settled;
  }

  /** The reader is done: completes the target once the queue is emitted. */
  end(): void {
    this.ending = true;
    this.start();
  }

  /** Stops emitting (the subscriber left). */
  cancel(): void {
    this.cancelNext?.();
    this.cancelNext = undefined;
  }

  private start(): void {
    if (this.running) return;
    this.running = true;
    this.slice();
  }

  private slice(): void {
    this.cancelNext = undefined;
    const { target, pace } = this;
    const gate = pace.gate;
    const deadline = performance.now() + pace.sliceMs;
    while (this.head < this.queue.length && !target.closed) {
      if (gate !== undefined && !gate.tryTake()) return this.later(gate.ready());
      target.next(this.queue[this.head++]);
      if (performance.now() >= deadline) return this.later(pace.ready?.());
    }
    if (target.closed) return;
    this.queue = [];
    this.head = 0;
    this.running = false;
    for (const resolve of this.waiters.splice(0)) resolve();
    if (this.ending) target.complete();
  }

  /** Continues after `waiting` settles and a turn of the event loop. */
  private later(waiting: void | Promise<void> | undefined): void {
    const next = (): void => {
      if (!this.target.closed) this.cancelNext = afterEventLoop(() => this.slice());
    };
    if (waiting && typeof waiting.then === 'function') waiting.then(next, next);
    else next();
  }
}
