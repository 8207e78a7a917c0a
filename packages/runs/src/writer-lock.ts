/**
 * Who is writing a run: `writer.lock` holds `{ pid, host, startedAt }` of the process appending to it,
 * created exclusively and removed when that process stops writing. A lock whose process is gone (on this
 * host) was left by a killed writer: the run is interrupted and may be resumed. A process id the system gave
 * again to a newer process is told apart by its start time (Linux: /proc), and a zombie counts as gone.
 */
import { hostname } from 'node:os';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { runFile } from './run-files.js';

export interface WriterLock {
  pid: number;
  host: string;
  startedAt: number;
}

/** The lock's content, or undefined when there is none (or it is unreadable: a writer killed while creating it). */
export function readLock(runDir: string): WriterLock | undefined {
  try {
    const lock = JSON.parse(readFileSync(runFile(runDir, 'lock'), 'utf8')) as WriterLock;
    return typeof lock.pid === 'number' ? lock : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The process writing the run now, if any: the lock's pid when that process is alive. A lock from another
 * host cannot be checked, so it counts as live.
 *
 * @example
 * import { mkdirSync } from 'node:fs';
 * import { acquireLock, liveWriter } from '@gradstream/runs';
 * const dir = `/tmp/gradstream-lock-${process.pid}`;
 * mkdirSync(dir, { recursive: true });
 * const release = acquireLock(dir);
 * console.log(liveWriter(dir) === process.pid); // true
 * release();
 * console.log(liveWriter(dir)); // undefined
 */
export function liveWriter(runDir: string): number | undefined {
  const lock = readLock(runDir);
  if (!lock) return undefined;
  if (lock.host !== hostname()) return lock.pid;
  return alive(lock.pid, lock.startedAt) ? lock.pid : undefined;
}

function alive(pid: number, lockedAt: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  const proc = procInfo(pid);
  if (!proc) return true; // no /proc (macOS, Windows): signal 0 is the answer
  // A zombie (killed, never reaped: in a container whose first process does not reap) still takes signal 0.
  if (proc.state === 'Z' || proc.state === 'X') return false;
  // A process started after the lock was written is another one that got the dead writer's id.
  return proc.startedAt === undefined || proc.startedAt <= lockedAt + PROC_CLOCK_SLACK_MS;
}

/** Linux's boot time is given in whole seconds, so start times read from /proc may be up to a second early or late. */
const PROC_CLOCK_SLACK_MS = 2000;

/** A process's state letter and start time (ms since the epoch) from Linux's /proc; undefined elsewhere. */
function procInfo(pid: number): { state: string; startedAt?: number } | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // After the command name in parentheses: state is field 3, starttime (clock ticks after boot, 100 a second) field 22.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const bootTime = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1];
  const ticks = Number(fields[19]);
  const startedAt = bootTime === undefined || !Number.isFinite(ticks) ? undefined : Number(bootTime) * 1000 + ticks * 10;
  return { state: fields[0], startedAt };
}

/**
 * Takes the run for this process (a stale lock of a dead writer is replaced) and returns the release.
 * Throws when a live process holds it, naming the run and the process.
 *
 * @example
 * import { mkdirSync } from 'node:fs';
 * import { acquireLock } from '@gradstream/runs';
 * const dir = `/tmp/gradstream-acquire-${process.pid}`;
 * mkdirSync(dir, { recursive: true });
 * const release = acquireLock(dir);
 * try { acquireLock(dir); } catch (e) { console.log((e as Error).message); } // run /tmp/… is being written by process …
 * release();
 */
export function acquireLock(runDir: string): () => void {
  const path = runFile(runDir, 'lock');
  const mine: WriterLock = { pid: process.pid, host: hostname(), startedAt: Date.now() };
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(path, JSON.stringify(mine), { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw lockedError(runDir, err);
      const holder = liveWriter(runDir);
      if (holder !== undefined) throw lockedError(runDir, undefined, holder);
      rmSync(path, { force: true });
    }
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (readLock(runDir)?.pid === process.pid) rmSync(path, { force: true });
  };
}

function lockedError(runDir: string, cause: unknown, pid = readLock(runDir)?.pid): Error {
  if (pid === undefined) return cause as Error;
  return new Error(`run ${runDir} is being written by process ${pid} (its ${runFile(runDir, 'lock')}); wait for it to end, or stop it.`);
}
