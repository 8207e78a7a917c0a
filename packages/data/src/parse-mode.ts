import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { invalid } from './validate.js';

/**
 * Where `fileBatches$` parses a file: `inline` on the subscriber's thread; `worker` on a worker thread from
 * the first byte, while the subscriber's thread shuffles, batches and trains; `auto` (the default) inline
 * for a stream, a file under {@link WORKER_MIN_BYTES} or a machine with one core, else inline until a worker
 * thread has started, which then parses the rest of the file.
 */
export type ParseMode = 'auto' | 'inline' | 'worker';

/**
 * The size from which `auto` starts a parse worker: 8 MiB. A worker takes ~30 ms to start on a quiet machine
 * (over 100 ms under load; in the clone the first start also bundles it with esbuild, ~150 ms, cached for later
 * processes), and the thread that starts it parses ~200 MB/s meanwhile, so a smaller file is read before a
 * worker could take over: it would cost CPU and ~9 MB of memory for nothing. Measured at load ~4 (medians of 5,
 * `fileBatches$` alone): an 8 MB CSV 94 ms inline, 91 ms auto; a 19 MB CSV 297 ms inline, 257 ms auto; a worker
 * from the first byte (`worker`) made a 1 MB file 29 → 152 ms.
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
 * inline, which names the problem), and stays inline on a machine with one core, where a second thread only costs.
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * import { parsePlan } from './parse-mode.js';
 * writeFileSync('/tmp/small.csv', 'a,y\n1,2\n');
 * console.log(parsePlan('auto', '/tmp/small.csv'), parsePlan('worker', '/tmp/small.csv')); // inline worker
 */
export function parsePlan(mode: ParseMode, source: string | NodeJS.ReadableStream): ParsePlan {
  if (mode !== 'auto') return mode;
  if (typeof source !== 'string' || availableParallelism() < 2) return 'inline';
  try {
    const stat = statSync(source);
    return stat.isFile() && stat.size >= WORKER_MIN_BYTES ? 'handover' : 'inline';
  } catch {
    return 'inline';
  }
}
