/**
 * CPU time per thread of this process, from Linux's `/proc/self/task/<tid>/stat` (10 ms ticks): what a run on a
 * loaded machine cannot hide. With a parse worker, the slower of the main thread and the worker bounds the wall
 * time on two free cores, whatever the load while it was measured.
 *
 * @example
 * import { threadCpu, threadCpuSince } from './thread-cpu.js';
 * const before = threadCpu();
 * let x = 0;
 * for (let i = 0; i < 3e7; i++) x += i;
 * console.log(threadCpuSince(before).main >= 0, x > 0); // true true
 */
import { readdirSync, readFileSync } from 'node:fs';

/** CPU milliseconds (user + system) of each thread now, by thread id; empty where /proc is missing. */
export function threadCpu(): Map<number, number> {
  const found = new Map<number, number>();
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      found.set(Number(tid), (Number(fields[11]) + Number(fields[12])) * 10); // utime, stime in 100 Hz ticks
    }
  } catch {
    // not Linux: nothing to report
  }
  return found;
}

/** CPU ms since `before`: the main thread, threads started since (a parse worker), and the rest (GC and I/O helpers). */
export function threadCpuSince(before: Map<number, number>): { main: number; started: number; helpers: number } {
  const spent = { main: 0, started: 0, helpers: 0 };
  for (const [tid, ms] of threadCpu()) {
    if (tid === process.pid) spent.main += ms - (before.get(tid) ?? 0);
    else if (!before.has(tid)) spent.started += ms;
    else spent.helpers += ms - (before.get(tid) as number);
  }
  return spent;
}

/**
 * The main thread's CPU time in ms with nanosecond resolution (the scheduler's `/proc/self/task/<pid>/schedstat`),
 * where 10 ms ticks are too coarse: a 60 ms run. NaN where /proc is missing.
 */
export function mainThreadCpuMs(): number {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return NaN;
  }
}
