/**
 * `sweep(grid, { runs })`: every point of a grid as a run in a directory of runs, at most `parallel` at
 * once in worker processes, as one Observable of events tagged with their run id. Runs already finished
 * in the directory are replayed from their logs, runs left interrupted are resumed from their
 * checkpoints, the rest are trained; a run that diverges ends with its `error` event and the sweep goes on.
 * Unsubscribing stops the workers; each writes the checkpoint of its last step, so the same sweep later
 * continues where this one stopped.
 */
import type { ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Observable } from 'rxjs';
import type { TaggedEvent } from '@gradstream/events';
import { checkPositiveInteger, invalidArgument } from '@gradstream/data';
import { expandGrid, type SweepGrid } from './grid.js';
import type { RunJob } from './job.js';
import { planSweep } from './plan-sweep.js';
import { isFinished, readRunLog } from './run-log.js';
import { startWorkerProcess } from './worker-process.js';
import type { FromWorker, ToWorker } from './worker-messages.js';

export interface SweepOptions {
  /** The directory of runs that records the sweep (each run in `runs/<run-id>/`). */
  runs: string;
  /** Runs at once, each in its own process (default: the number of cores). */
  parallel?: number;
  /** Steps between a run's checkpoints (default 100). */
  checkpointEvery?: number;
}

/**
 * Bad grids and options throw here, synchronously; the Observable is cold (each subscription sweeps).
 *
 * @example
 * import { lastValueFrom, toArray } from 'rxjs';
 * import { sweep } from '@gradstream/runs';
 * const events = await lastValueFrom(sweep({ lr: [0.03, 3], epochs: 1 }, { runs: `/tmp/gradstream-sweep-${process.pid}`, parallel: 2 }).pipe(toArray()));
 * for (const { runId, event } of events) if (event.type === 'done' || event.type === 'error') console.log(runId, event.type);
 * // lr=0.03,bs=10,seed=42 done
 * // lr=3,bs=10,seed=42 error
 */
export function sweep(grid: SweepGrid, options: SweepOptions): Observable<TaggedEvent> {
  const configs = expandGrid(grid);
  if (typeof options !== 'object' || options === null) throw invalidArgument('options', 'must be an object { runs, parallel }', options, TypeError);
  if (typeof options.runs !== 'string' || options.runs === '') throw invalidArgument('options.runs', 'must be a nonempty path', options.runs, TypeError);
  const parallel = options.parallel ?? availableParallelism();
  checkPositiveInteger('options.parallel', parallel);
  if (options.checkpointEvery !== undefined) checkPositiveInteger('options.checkpointEvery', options.checkpointEvery);
  const dir = options.runs;
  const jobOptions = options.checkpointEvery === undefined ? {} : { checkpointEvery: options.checkpointEvery };
  return new Observable<TaggedEvent>((subscriber) => {
    const pending: RunJob[] = [];
    for (const job of planSweep(dir, configs)) {
      const recorded = readRunLog(join(dir, job.runId));
      if (!isFinished(recorded)) pending.push(job);
      else for (const event of recorded) subscriber.next({ runId: job.runId, event });
    }
    let remaining = pending.length;
    const workers = new Set<ChildProcess>();
    const ended = () => {
      if (--remaining === 0) subscriber.complete();
    };
    const startWorker = () => {
      const child = startWorkerProcess();
      workers.add(child);
      let busy: RunJob | undefined;
      const next = () => {
        busy = pending.shift();
        if (busy) child.send({ type: 'job', dir, job: busy, options: jobOptions } satisfies ToWorker);
        else child.disconnect();
      };
      child.on('message', (m: FromWorker) => {
        if (m.type === 'event') return subscriber.next({ runId: m.runId, event: m.event });
        if (m.type === 'failed') subscriber.next({ runId: m.runId, event: { type: 'error', message: m.message } });
        next();
        ended();
      });
      child.on('exit', (code, signal) => {
        workers.delete(child);
        if (!busy || subscriber.closed) return;
        // The worker died under a run (killed, out of memory): the run is left interrupted on disk; say so and go on.
        const message = `the worker process running ${busy.runId} exited (${signal ?? `code ${code}`}); the run is left interrupted and resumes on the next sweep`;
        subscriber.next({ runId: busy.runId, event: { type: 'error', message } });
        busy = undefined;
        if (pending.length > 0) startWorker();
        ended();
      });
      next();
    };
    if (remaining === 0) subscriber.complete();
    for (let i = 0; i < Math.min(parallel, pending.length); i++) startWorker();
    return () => {
      for (const child of workers) if (child.connected) child.disconnect();
    };
  });
}
