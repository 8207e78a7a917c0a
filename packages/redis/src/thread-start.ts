/**
 * Starts a worker thread on a module of this package, wherever the package runs. Installed from npm, the module
 * is built JavaScript (`dist/X.js`) and starts as it is. In a clone, the package runs its TypeScript sources
 * through tsx, which the CLI registers from inside the process (`tsx/esm/api`), so a new thread would not
 * inherit it: the thread registers tsx itself before importing the `.ts` source.
 */
import { Worker } from 'node:worker_threads';

/**
 * The publishing thread's garbage is small and short-lived (command objects; blocks are encoded into buffers outside
 * the young generation): a 2 MB young generation instead of V8's default measured ~10 MB less RSS for the thread.
 */
const LIMITS = { maxYoungGenerationSizeMb: 2 };

/**
 * @example
 * // not run: it starts a thread on a module that answers messages
 * import { startThread } from './thread-start.js';
 * const worker = startThread(new URL('./publish-thread-main.js', import.meta.url), undefined);
 */
export function startThread(entry: URL, workerData: unknown): Worker {
  const source = import.meta.url.endsWith('.ts') ? new URL(entry.href.replace(/\.js$/, '.ts')) : entry;
  if (!source.href.endsWith('.ts')) return new Worker(source, { workerData, resourceLimits: LIMITS });
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(source.href)}); })`;
  return new Worker(boot, { eval: true, workerData, resourceLimits: LIMITS });
}
