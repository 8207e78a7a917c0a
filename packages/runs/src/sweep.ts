/**
 * `sweep(grid, { runs })`: every point of a grid as a run in a directory of runs, at most `parallel` at
 * once, as one Observable of events tagged with their run id. One run at a time is made in the sweep's own
 * process (unless `local: false`), the others each in a worker process; the workers are started once a run
 * lasts longer than 250 ms, since a worker takes longer than that to load (a sweep of the lesson's ~50 ms
 * runs is made in the sweep's process alone). Runs already finished in the
 * directory are replayed from their logs, runs left interrupted are resumed from their checkpoints, the rest
 * are trained; a run that diverges ends with its `error` event and the sweep goes on. Unsubscribing stops
 * every run under way; each writes the checkpoint of its last step, so the same sweep later continues.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Observable } from 'rxjs';
import type { TaggedEvent } from '@gradstream/events';
import { checkPositiveInteger, invalidArgument } from '@gradstream/data';
import { expandGrid, type SweepGrid } from './grid.js';
import { localSlot, processSlot, type JobSlot, type SlotContext } from './job-slots.js';
import type { RunJob } from './job.js';
import { planSweep } from './plan-sweep.js';
import { isFinished, readRunLog } from './run-log.js';

/** How long a run made in the sweep's own process must last before worker processes are started for the rest. */
const LONG_RUN_MS = 250;

export interface SweepOptions {
  /** The directory of runs that records the sweep (each run in `runs/<run-id>/`). */
  runs: string;
  /** Runs at once (default: the number of cores). */
  parallel?: number;
  /** Make one of the `parallel` runs in this process (default true); false: every run in a worker process. */
  local?: boolean;
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
  if (options.local !== undefined && typeof options.local !== 'boolean') throw invalidArgument('options.local', 'must be a boolean', options.local, TypeError);
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
    const slots: JobSlot[] = [];
    const ctx: SlotContext = {
      dir,
      options: jobOptions,
      next: () => pending.shift(),
      event: (runId, event) => subscriber.next({ runId, event }),
      end: (runId, failure) => {
        if (failure !== undefined) subscriber.next({ runId, event: { type: 'error', message: failure } });
        if (--remaining === 0) subscriber.complete();
      },
    };
    const startProcess = (): void => {
      slots.push(processSlot(ctx, () => pending.length > 0 && startProcess(), (err) => subscriber.error(err)));
    };
    let workersStarted = false;
    const startWorkers = (count: number) => {
      workersStarted = true;
      for (let i = 0; i < count; i++) startProcess();
    };
    if (remaining === 0) subscriber.complete();
    const workers = Math.min(parallel, pending.length) - (options.local === false ? 0 : 1);
    if (options.local === false) startWorkers(workers);
    else if (pending.length > 0) {
      // Worker processes start once a run outlasts LONG_RUN_MS: a shorter run ends before a worker could load.
      let localJob: RunJob | undefined;
      const next = () => {
        localJob = ctx.next();
        const job = localJob;
        if (job && !workersStarted && workers > 0) {
          setTimeout(() => !subscriber.closed && !workersStarted && localJob === job && pending.length > 0 && startWorkers(Math.min(workers, pending.length)), LONG_RUN_MS).unref();
        }
        return job;
      };
      slots.push(localSlot({ ...ctx, next }));
    }
    return () => {
      for (const slot of slots) slot.stop();
    };
  });
}
