/**
 * The plan of a minibatch stream — how many rows, in batches of what size, over how many epochs, shuffled
 * how — stated once by the producer (`minibatches`) and carried by every batch it emits, so a consumer
 * (`train()`, a checkpoint, the dashboard) reads it instead of being told the same numbers again.
 */

/** How a stream of minibatches is made. One object per subscription, shared by all its batches. */
export interface BatchPlan {
  /** Rows in the dataset. */
  n: number;
  batchSize: number;
  epochs: number;
  shuffle: boolean;
  /** Seed of the shuffles (unsigned 32-bit). */
  seed: number;
  dropLast: boolean;
  /** Batches in each epoch: {@link batchesPerEpoch} of the above. */
  perEpoch: number;
}

/**
 * Batches in one epoch of `n` rows: the short last batch counts unless `dropLast`.
 *
 * @example
 * import { batchesPerEpoch } from '@gradstream/data';
 * console.log(batchesPerEpoch(1000, 32, false), batchesPerEpoch(1000, 32, true)); // 32 31
 */
export function batchesPerEpoch(n: number, batchSize: number, dropLast: boolean): number {
  return dropLast ? Math.floor(n / batchSize) : Math.ceil(n / batchSize);
}

/**
 * Where a resumed stream starts, for `minibatches(…, { startAt })`: the batch after the last one taken.
 * A checkpoint written after the final epoch points one epoch past the end; that becomes "the final epoch
 * is finished" (index = perEpoch), so the resumed stream emits nothing and the run just ends.
 *
 * @example
 * import { resumePoint } from '@gradstream/data';
 * console.log(resumePoint({ epoch: 4, index: 0 }, { epochs: 3, perEpoch: 100 })); // { epoch: 3, index: 100 }
 */
export function resumePoint(
  position: { epoch: number; index: number },
  plan: Pick<BatchPlan, 'epochs' | 'perEpoch'>,
): { epoch: number; index: number } {
  if (position.epoch > plan.epochs) return { epoch: plan.epochs, index: plan.perEpoch };
  return { epoch: position.epoch, index: position.index };
}
