import { Observable } from 'rxjs';
import { checkDataset } from './dataset.js';
import { DEFAULT_SEED } from './lesson.js';
import type { Batch, Dataset } from './types.js';
import { batchesPerEpoch, type BatchPlan } from './batch-plan.js';
import { produceBatches, type StreamSetup } from './batch-producer.js';
import { checkOrders, checkPace, checkStartAt, type Pace } from './minibatch-options.js';
import { checkBoolean, checkKnownKeys, checkOptions, checkPositiveInteger, checkSeed, invalid, MAX_SEED } from './validate.js';

/** Options of {@link minibatches}. */
export interface MinibatchOptions {
  /** Rows per batch (positive integer). */
  batchSize: number;
  /** Passes over the data (default 1, or `orders.length` when `orders` is given). */
  epochs?: number;
  /** Shuffle each epoch (default true). */
  shuffle?: boolean;
  /** Unsigned 32-bit seed of the shuffles (default {@link DEFAULT_SEED}). */
  seed?: number;
  /** Drop the short last batch of each epoch (default false). */
  dropLast?: boolean;
  /** An explicit permutation of `0..n-1` per epoch (`orders[e-1]` for epoch `e`); overrides `shuffle`/`seed`. */
  orders?: ArrayLike<number>[];
  /**
   * Resume: the first emitted batch is `{ epoch, index }` (1-based epoch, 0-based batch index; an index equal
   * to the number of batches per epoch means "that epoch is finished"). No row before it is gathered.
   */
  startAt?: { epoch: number; index: number };
  /**
   * Reuse one set of arrays for every batch of a subscription (default false). Saves three typed-array
   * allocations per batch, for consumers that finish with a batch before asking for the next, such as a
   * synchronous training step; a consumer that keeps batches (`toArray`, `bufferCount`, async work) must
   * copy them or leave this off.
   */
  reuse?: boolean;
  /**
   * Cooperative production, for long runs in a process that must stay responsive (signals, sockets, timers):
   * emit for at most `sliceMs` milliseconds, yield to the event loop (`setImmediate`, or a `MessageChannel` message in a browser), then go on — after
   * `ready()` resolves, when given (backpressure, e.g. waiting for stdout to drain). The shuffle state is
   * kept across slices, so pacing costs no re-drawing. With a `gate` (a {@link StepGate}), each batch also
   * waits for the gate's permission before it is gathered: steps per second, pause and single steps.
   * Default: every batch synchronously on subscribe.
   */
  pace?: Pace;
}

const MINIBATCH_OPTIONS = Object.keys({
  batchSize: true,
  epochs: true,
  shuffle: true,
  seed: true,
  dropLast: true,
  orders: true,
  startAt: true,
  reuse: true,
  pace: true,
} satisfies Record<keyof MinibatchOptions, true>);

/**
 * The dataset as a **cold** stream of minibatches: each subscription replays the same batches.
 *
 * Each epoch visits every row exactly once, in a Fisher–Yates permutation keyed by `(seed, epoch)`
 * (see {@link epochOrder}), or in the given `orders`, or in row order when `shuffle` is false. Batches
 * hold `batchSize` rows except the last of an epoch, which is short unless `dropLast`.
 *
 * Batches are emitted synchronously on subscribe. Rows are gathered one batch at a time, just before the
 * batch is emitted, and the loop checks for unsubscription after every batch: `take(3)` gathers 3 batches
 * and draws 3·batchSize shuffle numbers, whatever `n` is.
 *
 * By default every batch owns fresh arrays (`indices`, `X`, `y`) that the producer never touches again:
 * consumers may keep or modify them. (They are views into small shared chunks, which is ~5× cheaper than
 * three separate allocations; no two batches' views overlap. Copy with `slice()` if you need standalone
 * buffers.) With `reuse: true` the producer overwrites the same arrays for the next
 * batch (each emitted `Batch` object is still new); the short last batch gets views of them.
 *
 * @param ds - the dataset (`X` n×d row-major, `y` n)
 * @param options - see {@link MinibatchOptions}
 *
 * @example
 * import { take } from 'rxjs';
 * import { minibatches, syntheticLinear } from '@gradstream/data';
 * const ds = syntheticLinear({ seed: 1 });
 * minibatches(ds, { batchSize: 10, seed: 1 }).pipe(take(1)).subscribe((b) => console.log(b.indices, b.X, b.y));
 */
export function minibatches(ds: Dataset, options: MinibatchOptions): Observable<Batch> {
  checkDataset('ds', ds);
  const opts = checkOptions('options', options ?? null);
  checkKnownKeys('options', opts, MINIBATCH_OPTIONS);
  const batchSize = checkPositiveInteger('batchSize', opts.batchSize);
  const orders = opts.orders === undefined ? undefined : checkOrders(opts.orders, ds.n);
  const epochs =
    opts.epochs === undefined ? (orders ? orders.length : 1) : checkPositiveInteger('epochs', opts.epochs);
  if (orders && orders.length < epochs) {
    throw invalid(RangeError, 'orders', `must hold one permutation per epoch (epochs = ${epochs})`, opts.orders);
  }
  const shuffle = opts.shuffle === undefined ? true : checkBoolean('shuffle', opts.shuffle);
  const seed = opts.seed === undefined ? DEFAULT_SEED : checkSeed('seed', opts.seed);
  const dropLast = opts.dropLast === undefined ? false : checkBoolean('dropLast', opts.dropLast);
  const reuse = opts.reuse === undefined ? false : checkBoolean('reuse', opts.reuse);
  const { n, d, X, y } = ds;
  if (n > MAX_SEED) throw invalid(RangeError, 'ds.n', `must be at most ${MAX_SEED}`, n);
  const perEpoch = batchesPerEpoch(n, batchSize, dropLast);
  const start = opts.startAt === undefined ? { epoch: 1, index: 0 } : checkStartAt(opts.startAt, epochs, perEpoch);

  const pace = opts.pace === undefined ? undefined : checkPace(opts.pace);
  // One plan object for the whole stream: every batch points at it, so carrying it costs nothing a batch.
  const plan: Readonly<BatchPlan> = Object.freeze({ n, batchSize, epochs, shuffle, seed, dropLast, perEpoch });

  const setup: StreamSetup = { X, y, n, d, batchSize, epochs, perEpoch, shuffle, seed, orders, reuse, start, plan, ...(pace ? { pace } : {}) };
  return new Observable<Batch>((subscriber) => produceBatches(subscriber, setup));
}

