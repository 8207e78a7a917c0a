/**
 * `fromRedis(url, runId, { since })`: a run's events from its Redis stream, as an Observable — from the
 * start, or after the first `since` events (the monitor's `seq`: the n-th event of a run has seq n) — live as
 * they are published, completing after `done` or `error` (not after an `interrupted …` error: a run stopped by a
 * signal may be resumed and go on). It rides out a restarting server (the client waits
 * and reads again from the last entry it handed over), so no event comes twice.
 */
import type { TrainEvent } from '@gradstream/events';
import { Observable } from 'rxjs';
import { endsRun, entryEvents, OncePerRun } from './entry-event.js';
import { checkPrefix, checkRunId, DEFAULT_PREFIX, runKey } from './keys.js';
import { closeRedis, connectRedis } from './redis-client.js';
import { withoutSecret } from './redis-url.js';
import { StreamFollower } from './stream-follower.js';

export interface FromRedisOptions {
  /** Skip the run's first `since` events (default 0: from its `run` event). */
  since?: number;
  /** Key prefix (default `gradstream:`). */
  prefix?: string;
}

/**
 * @example
 * // not run: it needs a Redis server
 * import { fromRedis } from '@gradstream/redis';
 * fromRedis('redis://127.0.0.1:6379', 'lesson', { since: 0 })
 *   .subscribe((e) => e.type === 'epoch' && console.log(`epoch ${e.epoch}, loss ${e.loss}`));
 */
export function fromRedis(url: string, runId: string, options: FromRedisOptions = {}): Observable<TrainEvent> {
  checkRunId(runId);
  const key = runKey(checkPrefix(options.prefix ?? DEFAULT_PREFIX), runId);
  const since = options.since ?? 0;
  if (!Number.isInteger(since) || since < 0) throw new RangeError(`invalid argument. since must be a non-negative integer. Value: \`${since}\`.`);
  return new Observable<TrainEvent>((subscriber) => {
    let follower: StreamFollower | undefined;
    let closed = false;
    let close = () => {};
    let seq = 0;
    const once = new OncePerRun();
    connectRedis(url, 'gradstream-reader')
      .then(async ({ client }) => {
        close = () => closeRedis(client);
        if (closed) return close();
        follower = new StreamFollower(client);
        follower.follow(key);
        await follower.run((entry) => {
          for (const { id, event } of entryEvents(entry)) {
            if (!once.accept(key, id)) continue;
            seq++;
            if (seq > since) subscriber.next(event);
            if (endsRun(event)) follower!.stop();
          }
        });
        close();
        subscriber.complete();
      })
      .catch((err: Error) => {
        close();
        subscriber.error(new Error(withoutSecret(err.message, url)));
      });
    return () => {
      closed = true;
      follower?.stop();
      close();
    };
  });
}
