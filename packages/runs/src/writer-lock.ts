/**
 * Who is writing a run: `writer.lock` holds `{ pid, host, startedAt }` of the process appending to it,
 * created exclusively and removed when that process stops writing. A lock whose process is gone (on this
 * host) was left by a killed writer: the run is interrupted and may be resumed. A process id can be
 * reused by the system after its process died; the lock then reads as live until that process ends.
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
  return alive(lock.pid) ? lock.pid : undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !zombie(pid);
}

/**
 * A killed process whose parent died too stays a zombie until something reaps it — in a container whose
 * first process does not, for good. Signal 0 still reaches a zombie, so Linux's /proc says what it is.
 */
function zombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state === 'Z' || state === 'X';
  } catch {
    return false; // no /proc (macOS, Windows): signal 0 is the answer
  }
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
