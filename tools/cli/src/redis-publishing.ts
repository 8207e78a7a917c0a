/**
 * `gradstream train --redis URL`: the run's events also go to Redis Streams (`@gradstream/redis`), under the
 * id `--run-id` or one made of the run's settings. Publishing joins the trainer's pace: past the publisher's
 * buffer bound (Redis away) the trainer waits between slices instead of dropping events.
 *
 * @example
 * // not run: it needs a Redis server
 * import { redisPublishing } from './redis-publishing.js';
 * const redis = redisPublishing('redis://127.0.0.1:6379', {});
 * events$.pipe(redis.operator).subscribe({ complete: () => redis.close() });
 */
import type { TrainEvent } from '@gradstream/events';
import { redactRedisUrl, RunPublisher, toRedis } from '@gradstream/redis';
import type { MonoTypeOperatorFunction } from 'rxjs';
import { readableRunId } from './redis-run-id.js';

export interface RedisPublishing {
  /** Waits for `other` (stdout draining) and, when Redis is behind by more than the bound, for Redis. */
  paced(other: () => Promise<void> | void): () => Promise<void> | void;
  operator: MonoTypeOperatorFunction<TrainEvent>;
  /** Stores what is queued and closes the connection; the summary line to print (undefined if nothing was published). */
  close(): Promise<string | undefined>;
}

export function redisPublishing(url: string, o: { redisPrefix?: string; runId?: string }): RedisPublishing {
  let publisher: RunPublisher | undefined;
  const create = (first: TrainEvent) => {
    const runId = o.runId ?? (first.type === 'run' ? readableRunId(first.config) : 'run');
    publisher = new RunPublisher(url, runId, o.redisPrefix === undefined ? {} : { prefix: o.redisPrefix });
    return publisher;
  };
  return {
    paced: (other) => () => {
      const a = other();
      const b = publisher?.ready();
      if (!a && !b) return undefined;
      return Promise.all([a, b]).then(() => undefined);
    },
    operator: toRedis(create),
    async close() {
      if (!publisher) return undefined;
      await publisher.close();
      const { added, skipped } = publisher.stats;
      return `redis: run ${publisher.runId} in ${redactRedisUrl(url)}: ${added} events stored${skipped ? `, ${skipped} already there` : ''}`;
    },
  };
}
