/**
 * The shapes the trainer reads, derived from `@gradstream/data`'s own types and loosened only where other
 * producers differ: a fixture's or a stdin parser's batches may not know their dataset rows, whether they
 * are the last of their epoch, or the stream's plan.
 */
import type { Batch, Dataset } from '@gradstream/data';

/** An in-memory dataset: X is n×d row-major, y has n entries (column names are not needed to train). */
export type DatasetLike = Omit<Dataset, 'featureNames' | 'labelName'>;

/** One minibatch: X is size×d row-major, y has `size` entries; `index` is 0-based, `epoch` 1-based. */
export type BatchLike = Omit<Batch, 'indices' | 'last' | 'plan'> & {
  /** Dataset rows of the batch, when the producer knows them (named in data errors). */
  indices?: ArrayLike<number>;
  /** Last batch of its epoch, when the producer knows it. */
  last?: boolean;
  plan?: Batch['plan'];
};
