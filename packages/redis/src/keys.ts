/**
 * Key names. Every key starts with a prefix (`gradstream:` unless told otherwise), so one Redis can hold
 * several projects: a run's events are the stream `<prefix>run:<runId>`; the run index is the stream
 * `<prefix>runs` (one entry per run, in the order runs first published) with the set `<prefix>runs:known`
 * that keeps it free of repeats.
 */

/**
 * The key prefix used when none is given (CLI `--redis-prefix`): every key of gradstream starts with it.
 *
 * @example
 * import { DEFAULT_PREFIX } from '@gradstream/redis';
 * console.log(`${DEFAULT_PREFIX}run:lr=0.03,bs=10,seed=42`); // gradstream:run:lr=0.03,bs=10,seed=42
 */
export const DEFAULT_PREFIX = 'gradstream:';

/** Checks a key prefix: any string without whitespace, at most 100 characters (empty allowed). */
export function checkPrefix(prefix: unknown): string {
  if (typeof prefix !== 'string' || prefix.length > 100 || /\s/.test(prefix)) {
    throw new TypeError(`invalid argument. prefix must be a string of at most 100 characters without whitespace. Value: \`${JSON.stringify(prefix)}\`.`);
  }
  return prefix;
}

/** Checks a run id: 1 to 200 characters without whitespace (e.g. `lr=0.03,bs=10,seed=42`). */
export function checkRunId(runId: unknown): string {
  if (typeof runId !== 'string' || runId === '' || runId.length > 200 || /\s/.test(runId)) {
    throw new TypeError(`invalid argument. runId must be 1 to 200 characters without whitespace. Value: \`${JSON.stringify(runId)}\`.`);
  }
  return runId;
}

/** The stream of one run's events. */
export const runKey = (prefix: string, runId: string): string => `${prefix}run:${runId}`;
/** The stream of run ids, one entry per run, in the order the runs first published. */
export const runIndexKey = (prefix: string): string => `${prefix}runs`;
/** The set of run ids already in the index (so a resumed run is not listed twice). */
export const knownRunsKey = (prefix: string): string => `${prefix}runs:known`;
