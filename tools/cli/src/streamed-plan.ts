/**
 * `train --data FILE` and `train --stdin` without a checkpoint: every epoch streams its rows from disk through
 * a shuffle buffer of {@link SHUFFLE_BUFFER_ROWS} rows seeded by the epoch, so memory stays flat whatever the
 * number of rows or epochs.
 * - `--data FILE`: a first pass checks every line and counts the rows (as reading it into memory did, so a bad
 *   line still fails before the first step); then each epoch re-reads the file (`fileBatches$`).
 * - `--stdin`: the first pass copies the rows to a temporary file of float64 rows ({@link spillFile}), which each
 *   epoch reads back (`float64Batches$`); the file is removed when the run ends and when the process exits.
 *
 * @example
 * // not run: it needs parsed command-line options and a file or piped input
 * import { planStreamedRun } from './streamed-plan.js';
 * const { events$, totalSteps } = await planStreamedRun(options, ctx, trainOnOptions);
 */
import type { Batch } from '@gradstream/data';
import type { SourceShape } from '@gradstream/data/node';
import type { TrainOnOptions } from '@gradstream/trainer';
import { concat, defer, finalize, map, type Observable } from 'rxjs';
import { forOption } from './errors.js';
import { spillFile } from './spill-file.js';
import { Interrupted } from './synthetic-data.js';
import type { Plan, PlanContext } from './train-plan.js';
import type { TrainOptions } from './train-options.js';

/** Rows in each epoch's shuffle buffer: 10,000 × d × 8 bytes (1.3 MB at d = 16). A smaller file is shuffled whole. */
export const SHUFFLE_BUFFER_ROWS = 10_000;

/** The shuffle seed of epoch `epoch` of a run seeded `seed`: a different stream each epoch, the same every run. */
export const epochSeed = (seed: number, epoch: number): number => (seed + Math.imul(0x9e3779b9, epoch)) >>> 0;

/** `options` are trainOn's (lr, batchSize, epochs, seed, optimizer, engine, explain, pace), without a resume. */
export async function planStreamedRun(o: TrainOptions, ctx: PlanContext, options: TrainOnOptions): Promise<Plan> {
  const trainer = await import('@gradstream/trainer');
  const { batchesPerEpoch } = await import('@gradstream/data');
  const files = await import('@gradstream/data/node');
  const { batchSize, epochs, seed, pace, shuffle: _shuffle, dropLast: _dropLast, ...config } = options as Required<Pick<TrainOnOptions, 'batchSize' | 'epochs' | 'seed'>> & TrainOnOptions;
  const label = o.label === undefined ? {} : { label: o.label };
  const batching = (epoch: number) => ({ batchSize, shuffleBuffer: SHUFFLE_BUFFER_ROWS, seed: epochSeed(seed, epoch), epoch, ...(pace ? { pace } : { reuse: true }) });
  let shape: SourceShape;
  let epoch$: (epoch: number) => Observable<Batch>;
  let cleanup = (): void => {};
  if (o.stdin) {
    const spill = spillFile('stdin');
    cleanup = spill.remove;
    try {
      shape = await forOption('--stdin', firstPass(files.spillStream$(process.stdin, spill.path, { ...label, name: 'stdin' }), ctx, 'while reading stdin'));
    } catch (err) {
      spill.remove();
      throw err;
    }
    epoch$ = (epoch) => files.float64Batches$(spill.path, { d: shape.d, ...batching(epoch) });
  } else {
    const path = o.data!;
    shape = await forOption('--data', firstPass(files.scanRows$(path, label), ctx, `while checking ${path}`));
    epoch$ = (epoch) => files.fileBatches$(path, { ...label, format: shape.format, ...batching(epoch) });
  }
  const plan = { n: shape.n, batchSize, epochs, shuffle: true, seed, dropLast: false, perEpoch: batchesPerEpoch(shape.n, batchSize, false) };
  const batches$ = concat(...Array.from({ length: epochs }, (_, k) => defer(() => epoch$(k + 1)))).pipe(
    map((batch) => {
      batch.plan = plan;
      return batch;
    }),
  );
  const events$ = batches$.pipe(trainer.train({ ...config, lr: config.lr!, source: o.stdin ? 'stdin' : o.data! }), finalize(cleanup));
  return { events$, totalSteps: epochs * plan.perEpoch };
}

/** Runs a first pass to its one value; a signal (ctx.interrupted) stops it with `Interrupted`. */
function firstPass<T>(pass$: Observable<T>, ctx: PlanContext, doing: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const subscription = pass$.subscribe({ next: resolve, error: reject });
    const poll = setInterval(() => {
      if (!ctx.interrupted?.()) return;
      subscription.unsubscribe();
      reject(new Interrupted(doing));
    }, 20);
    subscription.add(() => clearInterval(poll));
  });
}
