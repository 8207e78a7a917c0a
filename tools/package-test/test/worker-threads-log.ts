/**
 * Test helper: what a process did with worker threads, read from Node's own debug log of `node:worker_threads`
 * (the process run with `NODE_DEBUG=worker`, which writes to stderr). It names the script each thread started
 * from and says when a thread threw: the way to see from outside that an installed package started its thread
 * from its built file, even where the package falls back without a word (a parse worker that cannot start is
 * dropped, and the file is parsed inline).
 *
 * @example
 * import { workerThreadsLog } from './worker-threads-log.js';
 * const stderr = 'WORKER 7: [1] starts worker script /p/dist/w.js (eval = false) at cwd = /p\nWORKER 7: [1] gets uncaught exception\n';
 * console.log(JSON.stringify(workerThreadsLog(stderr))); // {"scripts":["/p/dist/w.js"],"uncaught":1}
 */
export function workerThreadsLog(stderr: string): { scripts: string[]; uncaught: number } {
  const scripts = [...stderr.matchAll(/^WORKER \d+: \[\d+\] starts worker script (.+) \(eval = \w+\) at cwd = /gm)].map((m) => m[1]);
  const uncaught = [...stderr.matchAll(/^WORKER \d+: \[\d+\] gets uncaught exception$/gm)].length;
  return { scripts, uncaught };
}
