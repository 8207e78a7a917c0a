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
import type { TaggedEvent } from '@gradstream/events';
import { JobQueue, redactRedisUrl, runsFromRedis } from '@gradstream/redis';
import type { JobConfig } from '@gradstream/runs';
import { filter, takeWhile, tap, type Observable } from 'rxjs';
import { connecting } from './redis-connecting.js';

/** Enqueues the jobs and returns the runs' events, completing once every run has ended. */
export async function redisSweep(url: string, prefix: string | undefined, configs: readonly JobConfig[], print: (line: string) => void): Promise<Observable<TaggedEvent>> {
  const { runIdOf } = await import('@gradstream/runs');
  const jobs = configs.map((config) => ({ id: runIdOf(config), job: config }));
  const options = prefix === undefined ? {} : { prefix };
  const queue = await connecting(JobQueue.open(url, 'sweep', options), url);
  try {
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
