/**
 * The worker's loop: `parallel` slots, each with its own connection to the job queue, each taking a job (one a
 * worker died on first), running it (`runRedisJob`), and taking the next, until a signal. While a job runs its
 * slot re-claims it every third of `claimIdleMs`, so no other worker takes a job that is still being trained.
 *
 * @example
 * // not run: it needs a Redis server; works until Ctrl-C
 * import { runWorker } from './redis-worker.js';
 * process.exitCode = await runWorker({ url: 'redis://127.0.0.1:6379', parallel: 2, claimIdleMs: 30000, name: 'w1' });
 */
import { JobQueue } from '@gradstream/redis';
import type { JobConfig } from '@gradstream/runs';
import { connecting } from './redis-connecting.js';
import { runRedisJob } from './redis-job.js';
import { signalExitCode, watchSignals } from './train-session.js';

export interface WorkerOptions {
  url: string;
  prefix?: string | undefined;
  parallel: number;
  claimIdleMs: number;
  name: string;
  /** Each job paced at this many steps a second; null: as fast as it goes. */
  stepsPerSecond?: number | null;
}

export async function runWorker(o: WorkerOptions): Promise<number> {
  const print = (line: string) => process.stderr.write(line + '\n');
  const signals = watchSignals();
  const stopped = () => signals.received !== undefined;
  const prefix = o.prefix === undefined ? {} : { prefix: o.prefix };
  const queues = await connecting(Promise.all(Array.from({ length: o.parallel }, (_, i) => JobQueue.open(o.url, `${o.name}-${i + 1}`, prefix))), o.url);
  print(`worker ${o.name}: ${o.parallel} slot${o.parallel === 1 ? '' : 's'}, waiting for jobs`);
  // A signal ends the waits for jobs at once (a closed connection rejects them), even while Redis is away.
  void signals.next.then(() => queues.forEach((q) => q.close()));
  try {
    await Promise.all(queues.map((queue) => slot(queue, o, stopped, print)));
  } finally {
    signals.stop();
    for (const q of queues) q.close();
  }
  return signalExitCode(signals.received);
}

async function slot(queue: JobQueue, o: WorkerOptions, stopped: () => boolean, print: (line: string) => void): Promise<void> {
  while (!stopped()) {
    let taken;
    try {
      taken = await queue.next<JobConfig>(o.claimIdleMs, 500);
    } catch (err) {
      if (stopped()) return;
      throw err;
    }
    if (!taken) continue;
    const saved = await queue.checkpoint(taken.id);
    const from = saved === undefined ? '' : ` from its checkpoint at step ${(JSON.parse(saved) as { position: { globalStep: number } }).position.globalStep}`;
    print(`worker ${queue.consumer}: ${taken.id} started${from}`);
    const heartbeat = setInterval(() => void queue.touch(taken.entryId).catch(() => undefined), Math.max(100, o.claimIdleMs / 3));
    try {
      const outcome = await runRedisJob(taken, queue, { url: o.url, ...(o.prefix === undefined ? {} : { prefix: o.prefix }), stopped, stepsPerSecond: o.stepsPerSecond ?? null });
      print(`worker ${queue.consumer}: ${taken.id} ${outcome}`);
    } catch (err) {
      // Not the run's own failure (Redis refused a command …): the job stays pending, another worker may take it.
      print(`worker ${queue.consumer}: ${taken.id} left pending: ${(err as Error).message}`);
    } finally {
      clearInterval(heartbeat);
    }
  }
}
