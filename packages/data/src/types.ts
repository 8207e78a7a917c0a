import type { BatchPlan } from './batch-plan.js';

/**
 * An in-memory dataset of `n` rows and `d` features.
 *
 * - `X`: `Float64Array` of length `n·d`, row-major (row `i` is `X[i·d … i·d + d − 1]`).
 * - `y`: `Float64Array` of length `n`, the labels.
 * - `trueW`, `trueB`: the parameters that generated the data, when it is synthetic.
 * - `featureNames`, `labelName`: column names, when the data came from a file.
 */
export interface Dataset {
  n: number;
  d: number;
  X: Float64Array;
  y: Float64Array;
  trueW?: number[];
  trueB?: number;
  featureNames?: string[];
  labelName?: string;
}

/**
 * One minibatch. By default its arrays belong to this batch alone and are never written again by the
 * producer, so a consumer may keep them (`toArray()`, `bufferCount`, `shareReplay`) or write into them.
 * With `minibatches(…, { reuse: true })` the producer overwrites the same `indices`, `X` and `y` for the
 * next batch: read them before asking for the next one, or copy them (`slice()`).
 */
export interface Batch {
  /** 1-based epoch number. */
  epoch: number;
  /** 0-based position of the batch inside its epoch. */
  index: number;
  /** Rows in this batch (the last batch of an epoch may be short). */
  size: number;
  /** Features per row. */
  d: number;
  /** Dataset rows in this batch, in batch order (for streams: the rows' running numbers in the source). */
  indices: Uint32Array;
  /** `size×d`, row-major. */
  X: Float64Array;
  /** `size` labels. */
  y: Float64Array;
  /** True on the last batch of its epoch when the producer knows it. */
  last: boolean;
  /** How the stream was made (`minibatches` sets it; streams of unknown length, such as `toBatches`, do not). */
  plan?: Readonly<BatchPlan>;
}

/** One row read from a file or stream. */
export interface Row {
  /** The features (`d` values). */
  x: Float64Array;
  /** The label. */
  y: number;
  /** 1-based line number in the source (the CSV header is line 1). */
  line: number;
  /** 0-based running number of the row among the source's data rows. */
  index: number;
}
