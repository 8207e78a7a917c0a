/** The options and counters of a `RunPublisher`. */

export interface PublishOptions {
  /** Key prefix (default `gradstream:`). */
  prefix?: string;
  /**
   * Events queued before `ready()` asks the producer to wait (default 100,000: a queued step keeps ~100 bytes of
   * numbers, and a trainer at full speed emits ~11,000 steps in one 25 ms slice, so the default never pauses it
   * while Redis keeps up).
   */
  bufferLimit?: number;
  /** Most entries (XADDs; a block of steps is one) in one round-trip (default 100). */
  batchMax?: number;
  /** Most steps in one block entry (default 1,000: ~100 KB for the lesson's steps). */
  blockMax?: number;
  /** How long the first connection may take (default 5,000 ms). */
  connectTimeoutMs?: number;
  /**
   * Talk to Redis from a thread of its own (default true): the caller's thread then only folds steps into
   * blocks, and a trainer publishing every step slows by a few percent instead of a third (BENCHMARKS.md, W7).
   * The thread costs a start-up (~30 ms built, ~0.4 s through tsx in a clone) and ~10 MB.
   */
  thread?: boolean;
}

export interface PublishStats {
  /** Events stored by this publisher. */
  added: number;
  /** Events Redis already had (same id): not stored again. */
  skipped: number;
  /** Round-trips (pipelines) sent. */
  batches: number;
}

/** `value`, or `fallback` when it is undefined; refused unless a positive integer, naming `name`. */
export function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`invalid argument. ${name} must be a positive integer. Value: \`${value}\`.`);
  return value;
}
