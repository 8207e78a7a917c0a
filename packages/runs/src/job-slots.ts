/**
 * Where a sweep's runs are made: slots that each make one run at a time, taking the next job when they are
 * free. The local slot runs jobs in the sweep's own process, which has the trainer loaded already; a process
 * slot starts a worker process of its own (`sweep-worker.ts`) and takes its first job only once the worker
 * says it is ready — so a sweep of runs shorter than a process start (the lesson's) is not held up by
 * workers still loading, while longer runs spread over every slot.
 */
import type { ChildProcess } from 'node:child_process';
import { Subscription } from 'rxjs';
import type { TrainEvent } from '@gradstream/events';
import type { RunJob } from './job.js';
import { runJob } from './run-job.js';
import { startWorkerProcess } from './worker-process.js';
import type { FromWorker, SentJobOptions, ToWorker } from './worker-messages.js';

export interface SlotContext {
  dir: string;
  options: SentJobOptions;
  /** The next job to make, or undefined when there is none left. */
  next(): RunJob | undefined;
  event(runId: string, event: TrainEvent): void;
  /** The job ended (after its `done` or `error`), or could not run (`failure`: why). */
  end(runId: string, failure?: string): void;
}

export interface JobSlot {
  /** Stops the job under way (its trainer writes the checkpoint of its last step) and closes the slot. */
  stop(): void;
}

/** Time slices of training between which a process hears its parent, its sockets and its timers. */
const SLICE_MS = 25;

/** Runs jobs in this process, one after another, in time slices. */
export function localSlot(ctx: SlotContext): JobSlot {
  let current = new Subscription();
  const takeNext = (): void => {
    const job = ctx.next();
    if (!job) return;
    // A run may end inside subscribe (within its first slice): the next one is then taken from in there.
    const sub = new Subscription();
    current = sub;
    sub.add(
      runJob(ctx.dir, job, { sliceMs: SLICE_MS, ...ctx.options }).subscribe({
        next: (event) => ctx.event(job.runId, event),
        error: (err: unknown) => {
          ctx.end(job.runId, err instanceof Error ? err.message : String(err));
          takeNext();
        },
        complete: () => {
          ctx.end(job.runId);
          takeNext();
        },
      }),
    );
  };
  takeNext();
  return { stop: () => current.unsubscribe() };
}

/**
 * Runs jobs in a worker process started now. A worker that dies under a job (killed, out of memory) ends
 * that job with a failure and `onLost` is told (the sweep may start another); one that dies before it is
 * ready cannot make runs at all: `onBroken`.
 */
export function processSlot(ctx: SlotContext, onLost: () => void, onBroken: (err: Error) => void): JobSlot {
  const child: ChildProcess = startWorkerProcess();
  let ready = false;
  let busy: RunJob | undefined;
  let stopped = false;
  const close = () => {
    // A worker still loading has nothing to save: it is ended at once rather than waited for.
    if (!ready) child.kill('SIGTERM');
    else if (child.connected) child.disconnect();
  };
  const takeNext = () => {
    busy = ctx.next();
    if (busy) child.send({ type: 'job', dir: ctx.dir, job: busy, options: { sliceMs: SLICE_MS, ...ctx.options } } satisfies ToWorker);
    else close();
  };
  child.on('message', (m: FromWorker) => {
    if (m.type === 'ready') {
      ready = true;
      return takeNext();
    }
    if (m.type === 'events') {
      for (const event of m.events) ctx.event(m.runId, event);
      return;
    }
    busy = undefined;
    ctx.end(m.runId, m.type === 'failed' ? m.message : undefined);
    takeNext();
  });
  // A send to a worker that has just died fails with an 'error' event; its 'exit' tells the sweep what happened.
  child.on('error', () => {});
  child.on('exit', (code, signal) => {
    if (stopped) return;
    if (!ready) return onBroken(new Error(`a sweep worker process exited before it was ready (${signal ?? `code ${code}`}); its stderr says why`));
    if (!busy) return;
    const { runId } = busy;
    busy = undefined;
    ctx.end(runId, `the worker process running ${runId} exited (${signal ?? `code ${code}`}); the run is left interrupted and resumes on the next sweep`);
    onLost();
  });
  return {
    stop() {
      stopped = true;
      close();
    },
  };
}
