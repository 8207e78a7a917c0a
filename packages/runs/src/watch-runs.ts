/**
 * `watchRuns(dir)`: every run of a directory of runs as one Observable of tagged events — each run's
 * recorded events first, then new ones as its log grows, and runs added to the directory later. It tails
 * the logs (complete lines only), woken by `fs.watch` on the directory and on each run's directory, and
 * by a poll as a fallback for file systems where watching says nothing (network mounts, some containers).
 * A run whose writer is gone before its `done` or `error` (killed) gets an `error` event saying it was
 * interrupted. A log replaced by a resumed run is read again from its start, so that run's events begin
 * again with its `run` event. It never completes; unsubscribe to stop.
 */
import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { Observable } from 'rxjs';
import type { TaggedEvent } from '@gradstream/events';
import { runIds } from './run-state.js';
import { readTail, type RunTail } from './run-tail.js';


export interface WatchRunsOptions {
  /** Milliseconds between polls (default 500); `fs.watch` usually wakes the reader sooner. */
  pollMs?: number;
}


/**
 * @example
 * import { lastValueFrom, take, toArray } from 'rxjs';
 * import { recordRun, watchRuns } from '@gradstream/runs';
 * const dir = `/tmp/gradstream-watch-${process.pid}`;
 * await lastValueFrom(recordRun(dir, { epochs: 1 }));
 * const first = await lastValueFrom(watchRuns(dir).pipe(take(2), toArray()));
 * console.log(first.map((t) => `${t.runId} ${t.event.type}`)); // [ 'lr=0.03,bs=10,seed=42 run', 'lr=0.03,bs=10,seed=42 step' ]
 */
export function watchRuns(dir: string, options: WatchRunsOptions = {}): Observable<TaggedEvent> {
  const pollMs = options.pollMs ?? 500;
  return new Observable<TaggedEvent>((subscriber) => {
    const tails = new Map<string, RunTail>();
    const emit = (t: TaggedEvent) => subscriber.next(t);
    const watchers = new Map<string, FSWatcher>();
    let scanning = false;
    let again = false;
    const watchDir = (path: string) => {
      if (watchers.has(path)) return;
      try {
        const w = watch(path, () => void scan());
        w.on('error', () => w.close());
        watchers.set(path, w);
      } catch {
        // not there yet, or watching unsupported: the poll covers it
      }
    };
    const scan = async (): Promise<void> => {
      if (scanning) {
        again = true;
        return;
      }
      scanning = true;
      try {
        do {
          again = false;
          watchDir(dir);
          for (const runId of runIds(dir)) {
            if (subscriber.closed) return;
            watchDir(join(dir, runId));
            await readTail(dir, runId, tails, emit, () => subscriber.closed);
          }
        } while (again && !subscriber.closed);
      } catch (err) {
        subscriber.error(err);
      } finally {
        scanning = false;
      }
    };
    void scan();
    const poll = setInterval(() => void scan(), pollMs);
    return () => {
      clearInterval(poll);
      for (const w of watchers.values()) w.close();
    };
  });
}
