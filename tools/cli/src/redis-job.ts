/**
 * One job of a Redis sweep, run by a worker: the run's config from the queue, trained from its checkpoint in Redis
 * when an earlier worker left one (the same batches, the same numbers: bit for bit an uninterrupted run), its events
 * published to the run's stream, its checkpoint stored after the events it follows, and the job acknowledged when
 * the run has ended. A run that diverged or failed is recorded as failed (and acknowledged): it is not retried.
 *
 * @example
 * // not run: it needs a Redis server and a queue
 * import { runRedisJob } from './redis-job.js';
 * const outcome = await runRedisJob(taken, queue, { url: 'redis://127.0.0.1:6379' });
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TrainEvent } from '@gradstream/events';
import { RUN_ID_TAKEN, RunPublisher, toRedis, type JobQueue, type TakenJob } from '@gradstream/redis';
import type { JobConfig } from '@gradstream/runs';
import { lastValueFrom, tap, type Observable } from 'rxjs';

const CHECKPOINT_EVERY = 100;
/** How long a stopping worker still tries to store what its run published. */
const STOP_WAIT_MS = 2000;

export interface RedisJobOptions {
  url: string;
  prefix?: string;
  /** Training stops (the job stays pending for another worker) when this returns true. */
  stopped?: () => boolean;
  /** Paces the run at this many steps a second (a StepGate, as `train --steps-per-second`); null or absent: unpaced. */
  stepsPerSecond?: number | null;
}

/** How the job ended: `done`, `failed` (recorded, not retried) or `stopped` (left pending). */
export type JobOutcome = 'done' | 'failed' | 'stopped';

export async function runRedisJob(taken: TakenJob<JobConfig>, queue: JobQueue, o: RedisJobOptions): Promise<JobOutcome> {
  const { trainLinearRegression, validateCheckpoint } = await import('@gradstream/trainer');
  const { StepGate } = await import('@gradstream/data');
  await import('@gradstream/trainer/node'); // lets the trainer write its checkpoint file
  const dir = mkdtempSync(join(tmpdir(), 'gradstream-worker-'));
  const path = join(dir, 'checkpoint.json');
  const publisher = new RunPublisher(o.url, taken.id, o.prefix === undefined ? {} : { prefix: o.prefix });
  try {
    const saved = await queue.checkpoint(taken.id);
    // A gate changes when the steps happen, not which batches they take: the numbers are those of an unpaced run.
    const gate = o.stepsPerSecond == null ? {} : { gate: new StepGate({ stepsPerSecond: o.stepsPerSecond }) };
    const base = { checkpoint: { path, everySteps: CHECKPOINT_EVERY }, pace: { sliceMs: 25, ready: () => publisher.ready(), ...gate } };
    let events$: Observable<TrainEvent>;
    try {
      const c = taken.job;
      events$ = saved
        ? trainLinearRegression({ ...base, resume: validateCheckpoint(JSON.parse(saved), `the checkpoint of ${taken.id} in Redis`), explain: { first: false } })
        : trainLinearRegression({ ...base, lr: c.lr, batchSize: c.batchSize, optimizer: c.optimizer, seed: c.seed, epochs: c.epochs, n: c.n, trueW: c.trueW, trueB: c.trueB, noise: c.noise });
    } catch (err) {
      // A job that cannot start (a bad config) ends its run with an error event, so a waiting sweep sees it end.
      publisher.publish({ type: 'error', message: (err as Error).message });
      await publisher.flushed();
      await queue.fail(taken, (err as Error).message);
      return 'failed';
    }
    let last: TrainEvent | undefined;
    try {
      last = await trainAndStore(events$, publisher, path, o.stopped ?? (() => false));
    } catch (err) {
      // The run id names a run of other settings: no worker will do better, so the job fails (not retried), and
      // nothing goes to that other run's stream.
      if ((err as NodeJS.ErrnoException).code !== RUN_ID_TAKEN) throw err;
      await queue.fail(taken, (err as Error).message);
      return 'failed';
    }
    // Stopped: the job stays pending for another worker, which replays from the stored checkpoint; Redis may be away.
    // Unlike `train --redis` stopped by a signal, no "interrupted" error goes to the stream: a worker's SIGINT/SIGTERM
    // stops the worker, not the sweep's run, which another worker takes over and ends: dashboards keep showing it live,
    // and the waiting sweep, which takes a run's `done` or `error` for its end, does not count it ended too early.
    if (last === undefined) return 'stopped';
    await publisher.flushed();
    if (last.type === 'error') {
      await queue.fail(taken, last.message);
      return 'failed';
    }
    await queue.ack(taken.entryId);
    return 'done';
  } finally {
    await publisher.close(o.stopped?.() ? STOP_WAIT_MS : undefined).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Publishes the run and, after each event that follows a checkpoint the trainer wrote (every CHECKPOINT_EVERY
 * steps and each epoch's end, written just after the event of that step), that checkpoint; resolves with the last
 * event, or undefined when stopped before the end.
 */
function trainAndStore(events$: Observable<TrainEvent>, publisher: RunPublisher, path: string, stopped: () => boolean): Promise<TrainEvent | undefined> {
  let due = false;
  let last: TrainEvent | undefined;
  return new Promise((resolve, reject) => {
    const sub = events$
      .pipe(
        toRedis(publisher),
        tap((e) => {
          // An epoch's checkpoint is written after its event: until the file is there, the next event tries again.
          if (due && existsSync(path)) {
            publisher.saveCheckpoint(readFileSync(path, 'utf8'));
            due = false;
          }
          due ||= (e.type === 'step' && e.globalStep % CHECKPOINT_EVERY === 0) || e.type === 'epoch';
          last = e;
        }),
      )
      .subscribe({ error: reject, complete: () => resolve(last) });
    const poll = setInterval(() => {
      if (!stopped()) return;
      clearInterval(poll);
      sub.unsubscribe();
      resolve(undefined);
    }, 50);
    sub.add(() => clearInterval(poll));
  });
}
