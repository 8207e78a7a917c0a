/**
 * `runsFromRedis(url)`: every run in Redis as one Observable of `TaggedEvent`s — the runs already in the index
 * from their first event, and runs that start later as they appear — for a multi-run monitor. Each run's events
 * come in order; runs interleave as they are published. It does not complete (a new run may start any time).
 */
import type { TaggedEvent } from '@gradstream/events';
import { Observable } from 'rxjs';
import { endsRun, entryEvents, OncePerRun } from './entry-event.js';
import { checkPrefix, DEFAULT_PREFIX, runIndexKey, runKey } from './keys.js';
import { closeRedis, connectRedis } from './redis-client.js';
import { withoutSecret } from './redis-url.js';
import { StreamFollower } from './stream-follower.js';

export interface RunsFromRedisOptions {
  /** Key prefix (default `gradstream:`). */
  prefix?: string;
}

/**
 * @example
 * // not run: it needs a Redis server
 * import { runsFromRedis } from '@gradstream/redis';
 * runsFromRedis('redis://127.0.0.1:6379').subscribe(({ runId, event }) => console.log(runId, event.type));
 */
export function runsFromRedis(url: string, options: RunsFromRedisOptions = {}): Observable<TaggedEvent> {
  const prefix = checkPrefix(options.prefix ?? DEFAULT_PREFIX);
  const index = runIndexKey(prefix);
  return new Observable<TaggedEvent>((subscriber) => {
    let follower: StreamFollower | undefined;
    let closed = false;
    let close = () => {};
    const runOfKey = new Map<string, string>();
    const once = new OncePerRun();
    connectRedis(url, 'gradstream-runs-reader')
      .then(async ({ client }) => {
        close = () => closeRedis(client);
        if (closed) return close();
        const f = (follower = new StreamFollower(client));
        f.follow(index);
        await f.run((entry) => {
          if (entry.key === index) {
            const runId = entry.fields[1]!.toString();
            const key = runKey(prefix, runId);
            runOfKey.set(key, runId);
            f.follow(key);
            return;
          }
          const runId = runOfKey.get(entry.key)!;
          for (const { id, event } of entryEvents(entry)) {
            if (!once.accept(entry.key, id)) continue;
            subscriber.next({ runId, event });
            if (endsRun(event)) f.unfollow(entry.key);
          }
        });
      })
      .catch((err: Error) => {
        close();
        if (!closed) subscriber.error(new Error(withoutSecret(err.message, url)));
      });
    return () => {
      closed = true;
      follower?.stop();
      close();
    };
  });
}
