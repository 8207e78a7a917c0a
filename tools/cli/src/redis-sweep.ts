/**
 * `gradstream sweep … --redis URL`: the grid as jobs in Redis, one per run (id from its settings), for
 * `gradstream worker` processes on any machines; then every run's events as they are published, until each
 * run has ended — the same tagged events a local sweep gives, so the command prints the same table. A job
 * enqueued before (the same sweep again) is not enqueued twice, and a run that ended before is read back.
 *
 * @example
 * // not run: it needs a Redis server and workers
 * import { redisSweep } from './redis-sweep.js';
 * const runs$ = await redisSweep('redis://127.0.0.1:6379', undefined, configs, console.error);
 */
import type { RunEvent, TaggedEvent } from '@gradstream/events';
import { JobQueue, redactRedisUrl, runsFromRedis } from '@gradstream/redis';
import type { JobConfig } from '@gradstream/runs';
import { filter, takeWhile, tap, type Observable } from 'rxjs';
import { connecting } from './redis-connecting.js';
import { CliError } from './errors.js';

/** Enqueues the jobs and returns the runs' events, completing once every run has ended. */
export async function redisSweep(url: string, prefix: string | undefined, configs: readonly JobConfig[], print: (line: string) => void): Promise<Observable<TaggedEvent>> {
  const { runIdOf } = await import('@gradstream/runs');
  const jobs = configs.map((config) => ({ id: runIdOf(config), job: config }));
  const options = prefix === undefined ? {} : { prefix };
  const queue = await connecting(JobQueue.open(url, 'sweep', options), url);
  try {
    await refuseTakenIds(queue, jobs);
    const added = await queue.enqueue(jobs);
    print(`sweep: ${jobs.length} ${jobs.length === 1 ? 'run' : 'runs'} as jobs in ${redactRedisUrl(url)} (${added} new); start workers with \`gradstream worker --redis URL\``);
  } finally {
    queue.close();
  }
  const ids = new Set(jobs.map((j) => j.id));
  const ended = new Set<string>();
  return runsFromRedis(url, options).pipe(
    filter((t) => ids.has(t.runId)),
    tap((t) => (t.event.type === 'done' || t.event.type === 'error') && ended.add(t.runId)),
    takeWhile(() => ended.size < ids.size, true),
  );
}

/**
 * Refuses the sweep, before any job is enqueued, when a run id of the grid names a run in Redis made with other
 * settings (a `train --redis` of other epochs, a sweep of another n): its stream's `done` would read as this sweep's
 * result. A run of the same settings (the same sweep again) is read back as it is.
 */
async function refuseTakenIds(queue: JobQueue, jobs: readonly { id: string; job: JobConfig }[]): Promise<void> {
  const taken: string[] = [];
  for (const { id, job } of jobs) {
    const stored = await queue.storedRun(id);
    if (stored === undefined) continue;
    const run = JSON.parse(stored) as RunEvent;
    const there: Record<string, unknown> = { lr: run.config.lr, batchSize: run.config.batchSize, optimizer: run.config.optimizer.name, seed: run.config.seed, epochs: run.config.epochs, n: run.config.n };
    const here: Record<string, unknown> = { lr: job.lr, batchSize: job.batchSize, optimizer: job.optimizer, seed: job.seed, epochs: job.epochs, n: job.n };
    const differ = Object.keys(here).filter((k) => JSON.stringify(there[k]) !== JSON.stringify(here[k]));
    if (differ.length > 0) taken.push(`${id} (${differ.map((k) => `${k}: ${JSON.stringify(there[k]) ?? 'none'} there, ${JSON.stringify(here[k])} here`).join('; ')})`);
  }
  if (taken.length > 0) {
    throw new CliError(`runs of this sweep are in Redis with other settings: ${taken.join(', ')}. Sweep under another prefix (--redis-prefix), or delete those runs' streams.`);
  }
}
