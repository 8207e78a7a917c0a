import { statSync } from 'node:fs';
import { invalid } from './validate.js';

/**
 * Where `fileBatches$` parses a file: `inline` on the subscriber's thread; `worker` on a worker thread from
 * the first byte, while the subscriber's thread shuffles, batches and trains; `auto` (the default) inline
 * for a stream or a file under {@link WORKER_MIN_BYTES}, else inline until a worker thread has started,
 * which then parses the rest of the file.
 */
export type ParseMode = 'auto' | 'inline' | 'worker';

/**
 * The size from which `auto` starts a parse worker: 8 MiB. A worker takes ~30 ms to start (~150 ms more
 * in the clone, where esbuild bundles it once per process), and the thread that starts it parses ~200 MB/s
 * meanwhile, so a smaller file is read before a worker could help: it would cost CPU and memory for nothing.
 */
export const WORKER_MIN_BYTES = 8 << 20;

/** How a subscription reads: `handover` is `auto`'s inline start, then the worker. */
export type ParsePlan = 'inline' | 'worker' | 'handover';

/**
 * Checks the `parse` option (`auto` when undefined), naming the argument, the rule and the value.
 *
 * @example
 * import { checkParseMode } from './parse-mode.js';
 * console.log(checkParseMode(undefined, true), checkParseMode('worker', true)); // auto worker
 */
export function checkParseMode(value: unknown, isPath: boolean): ParseMode {
  if (value === undefined) return 'auto';
  if (value !== 'auto' && value !== 'inline' && value !== 'worker') throw invalid(RangeError, 'parse', 'must be "auto", "inline" or "worker"', value);
  if (value === 'worker' && !isPath) throw invalid(RangeError, 'parse', 'can be "worker" only for a file path (a worker thread opens the file itself), not a stream', value);
  return value;
}

/**
 * What `mode` means for `source` at subscription time: `auto` looks at the file's size (a missing file is read
 * inline, which names the problem).
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * import { parsePlan } from './parse-mode.js';
 * writeFileSync('/tmp/small.csv', 'a,y\n1,2\n');
 * console.log(parsePlan('auto', '/tmp/small.csv'), parsePlan('worker', '/tmp/small.csv')); // inline worker
 */
export function parsePlan(mode: ParseMode, source: string | NodeJS.ReadableStream): ParsePlan {
  if (mode !== 'auto') return mode;
  if (typeof source !== 'string') return 'inline';
  try {
    const stat = statSync(source);
    return stat.isFile() && stat.size >= WORKER_MIN_BYTES ? 'handover' : 'inline';
  } catch {
    return 'inline';
  }
}
