/**
 * Producing a minibatch stream for one subscriber: the batch loop (positions, shuffles, gathering) and its
 * pacing in time slices, kept apart from `minibatches`' option checks.
 */
import type { Subscriber } from 'rxjs';
import { BatchArena, sharedArrays, type BatchArrays } from './batch-arrays.js';
import type { BatchPlan } from './batch-plan.js';
import { LazyShuffle } from './epoch-order.js';
import { gather } from './gather.js';
import { afterEventLoop } from './yield-to-loop.js';
import type { Pace } from './minibatch-options.js';
import type { Batch } from './types.js';

/** Everything a subscription needs, checked once by `minibatches`. */
export interface StreamSetup {
  X: Float64Array;
  y: Float64Array;
  n: number;
  d: number;
  batchSize: number;
  epochs: number;
  perEpoch: number;
  shuffle: boolean;
  seed: number;
  orders: Uint32Array[] | undefined;
  reuse: boolean;
  start: { epoch: number; index: number };
  plan: Readonly<BatchPlan>;
  pace?: Pace;
}

/** Where the next batch comes from; kept across slices so that a paced run continues where it stopped. */
interface Position {
  epoch: number;
  index: number;
  opened: boolean;
  lazy: LazyShuffle | undefined;
  shuffler: LazyShuffle | undefined;
  order: Uint32Array | undefined;
  take: (size: number) => BatchArrays;
}

/** Runs the stream for one subscriber; returns its teardown. */
export function produceBatches(subscriber: Subscriber<Batch>, s: StreamSetup): (() => void) | void {
  const { n, d, batchSize, reuse, pace } = s;
  // Shared arrays for `reuse`: full-size ones, plus views of the short size (the same every epoch), made once.
  // Sized by the rows a batch can really hold: batchSize 1e9 over 100 rows allocates 100 rows, not 1e9.
  const rowsPerBatch = Math.min(batchSize, n);
  const shared = reuse ? sharedArrays(rowsPerBatch, n % batchSize, d) : undefined;
  const arena = reuse ? undefined : new BatchArena(rowsPerBatch, d);
  const take = shared === undefined ? (size: number) => arena!.take(size) : (size: number) => (size === batchSize ? shared.full : shared.short);
  const state: Position = { epoch: s.start.epoch, index: s.start.index, opened: false, lazy: undefined, shuffler: undefined, order: undefined, take };
  const produce = batchLoop(subscriber, s, state);
  if (pace === undefined) {
    produce(Infinity);
    return;
  }
  const gate = pace.gate;
  let cancelNext: (() => void) | undefined;
  const slice = (): void => {
    cancelNext = undefined;
    if (produce(performance.now() + pace.sliceMs)) return;
    const next = () => {
      if (!subscriber.closed) cancelNext = afterEventLoop(slice);
    };
    const waiting = pace.ready?.();
    const gated = gate?.ready();
    if (waiting && typeof waiting.then === 'function') Promise.all([waiting, gated]).then(next, (err: unknown) => subscriber.error(err));
    else if (gated) gated.then(next);
    else next();
  };
  slice();
  return () => {
    cancelNext?.();
  };
}

/** The batch loop: emits batches until the end (then completes) or until `deadline`; true when nothing is left to do. */
function batchLoop(subscriber: Subscriber<Batch>, s: StreamSetup, at: Position): (deadline: number) => boolean {
  const { X, y, n, d, batchSize, epochs, perEpoch, shuffle, seed, orders, plan } = s;
  const gate = s.pace?.gate;
  return (deadline) => {
    for (; at.epoch <= epochs; at.epoch++, at.index = 0, at.opened = false) {
      if (at.index >= perEpoch) continue;
      if (!at.opened) {
        at.opened = true;
        at.order = orders ? orders[at.epoch - 1] : undefined;
        at.shuffler = undefined;
        if (!at.order && shuffle) {
          if (at.lazy === undefined) at.lazy = new LazyShuffle(n, seed, at.epoch);
          else at.lazy.reset(at.epoch);
          at.shuffler = at.lazy;
          at.shuffler.skip(at.index * batchSize);
        }
      }
      while (at.index < perEpoch) {
        // Asked before gathering: a paused stream leaves the last batch's (reused) arrays as they were.
        if (gate !== undefined && !gate.tryTake()) return false;
        const offset = at.index * batchSize;
        const size = Math.min(batchSize, n - offset);
        const { indices, X: bx, y: by } = at.take(size);
        if (at.shuffler) at.shuffler.fill(indices, offset);
        else if (at.order) indices.set(at.order.subarray(offset, offset + size));
        else for (let k = 0; k < size; k++) indices[k] = offset + k;
        gather(X, y, d, indices, bx, by);
        const batch: Batch = { epoch: at.epoch, index: at.index, size, d, indices, X: bx, y: by, last: at.index === perEpoch - 1, plan };
        at.index++;
        subscriber.next(batch);
        // A synchronous consumer (take, takeWhile, an error) may have unsubscribed inside next().
        if (subscriber.closed) return true;
        if (deadline !== Infinity && performance.now() > deadline) return false;
      }
    }
    subscriber.complete();
    return true;
  };
}
