/**
 * `watchRuns(dir)`: every run of a directory of runs as one Observable of tagged events — each run's
 * recorded events first, then new ones as its log grows, and runs added to the directory later. It tails
 * the logs (complete lines only), woken by `fs.watch` on the directory and on each run's directory, and
 * by a poll as a fallback for file systems where watching says nothing (network mounts, some containers).
 * A run whose writer is gone before its `done` or `error` (killed) gets an `error` event saying it was
 * interrupted. A log replaced by a resumed run is read again from its start, so that run's events begin
 * again with its `run` event. It never completes; unsubscribe to stop.
 */
import { statSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { Observable } from 'rxjs';
import { parseTrainEvent, type TaggedEvent, type TrainEvent } from '@gradstream/events';
import { readCompleteLines } from './complete-lines.js';
import { runFile } from './run-files.js';
import { runIds } from './run-state.js';
import { liveWriter } from './writer-lock.js';

/**
 * The event that ends, for a reader, a run whose writer is gone before its end (the form of the error event
 * `gradstream train` records when it is interrupted). It is not written to the run's log: a resumed run
 * replaces its log, and a reader then reads the run again from its start.
 */
export function interrupted(steps: number): TrainEvent {
  return { type: 'error', message: `interrupted: the process writing this run stopped after ${steps} steps, before the run's end; the same sweep (or runJob) resumes it from its checkpoint`, globalStep: steps };
}

export interface WatchRunsOptions {
  /** Milliseconds between polls (default 500); `fs.watch` usually wakes the reader sooner. */
  pollMs?: number;
}

interface Tail {
  ino: number;
  offset: number;
  /** The run's last event was done or error, or it was found interrupted, or a line was not an event. */
  ended: boolean;
  steps: number;
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
    const tails = new Map<string, Tail>();
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
    const emit = (runId: string, tail: Tail, event: TrainEvent) => {
      if (event.type === 'done' || event.type === 'error') tail.ended = true;
      if ('globalStep' in event && typeof event.globalStep === 'number') tail.steps = event.globalStep;
      subscriber.next({ runId, event });
    };
    const readRun = async (runId: string) => {
      const runDir = join(dir, runId);
      const path = runFile(runDir, 'events');
      // Checked before reading: a writer appends its last event before it lets go of the lock.
      const writerGone = liveWriter(runDir) === undefined;
      let stat;
      try {
        stat = statSync(path);
      } catch {
        return;
      }
      let tail = tails.get(runId);
      if (!tail || tail.ino !== stat.ino || stat.size < tail.offset) tail = { ino: stat.ino, offset: 0, ended: false, steps: 0 };
      tails.set(runId, tail);
      if (tail.ended) return;
      const { lines, end } = await readCompleteLines(path, tail.offset);
      const from = tail.offset;
      tail.offset = end;
      for (const line of lines) {
        if (subscriber.closed || tail.ended) return;
        let event: TrainEvent;
        try {
          event = parseTrainEvent(line, `${path} (a line after byte ${from})`);
        } catch (err) {
          event = { type: 'error', message: `unreadable run log: ${(err as Error).message}` };
        }
        emit(runId, tail, event);
      }
      if (!tail.ended && tail.offset > 0 && writerGone) emit(runId, tail, interrupted(tail.steps));
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
            await readRun(runId);
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
