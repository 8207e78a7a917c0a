import type { BatchPlan } from '@gradstream/data';

/**
 * The shapes the trainer reads from `@gradstream/data`, stated structurally so any object with these
 * fields (a fixture's batches, a stdin parser's batches) can be trained on.
 */

/** An in-memory dataset: X is n×d row-major, y has n entries. */
export interface DatasetLike {
  n: number;
  d: number;
  X: Float64Array;
  y: Float64Array;
  trueW?: number[];
  trueB?: number;
}

/** One minibatch: X is size×d row-major, y has `size` entries. */
export interface BatchLike {
  /** 1-based epoch. */
  epoch: number;
  /** 0-based index of the batch inside its epoch. */
  index: number;
  size: number;
  d: number;
  X: Float64Array;
  y: Float64Array;
  /** Last batch of its epoch, when the producer knows it. */
  last?: boolean;
  /** Dataset rows of the batch, when the producer knows them (named in data errors). */
  indices?: ArrayLike<number>;
  /** The stream's plan, when the producer knows it (`minibatches` does): batch size, epochs, seed … */
  plan?: Readonly<BatchPlan>;
}
