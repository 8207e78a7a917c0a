/**
 * The `serve --redis` replicas, each known by its public dashboard URL, in the sorted set `<prefix>replicas`: a
 * replica's member is its URL, its score the Redis server's clock (ms) at its latest heartbeat. A replica beats every
 * `heartbeatMs`; an entry older than `ttlMs` is removed by the next heartbeat of any replica, so a replica that died
 * (SIGKILL, its machine gone) drops out of the list within `ttlMs` plus a beat, and one that stops cleanly removes itself.
 * The clock is the Redis server's (`TIME` inside the script), so replicas on machines whose clocks disagree agree.
 */
import { Observable } from 'rxjs';
import { checkPrefix, DEFAULT_PREFIX } from './keys.js';
import { closeRedis, connectRedis } from './redis-client.js';
import { withoutSecret } from './redis-url.js';

/** The sorted set of replicas: member = public dashboard URL, score = the Redis server's ms at its latest heartbeat. */
export const replicasKey = (prefix: string): string => `${prefix}replicas`;

// One round-trip, atomic: beat, forget the silent ones, list the rest.
const BEAT = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. (now - tonumber(ARGV[2])))
return redis.call('ZRANGE', KEYS[1], 0, -1)`;

export interface ReplicaRegistryOptions {
  /** Key prefix (default `gradstream:`). */
  prefix?: string;
  /** How often this replica says it is alive, in ms. Default 1000. */
  heartbeatMs?: number;
  /**
   * How long a replica that stopped beating stays listed, in ms; more than `heartbeatMs`. Default 4000: a dead replica
   * leaves the list 3–5 s after its death, and a live one whose beat is up to 3 s late (a busy machine) stays listed.
   */
  ttlMs?: number;
}

/**
 * Registers `publicUrl` (this replica's dashboard, as browsers reach it) while subscribed, and emits the public URLs
 * of every live replica, this one included, sorted, each time the list changes. Unsubscribing removes the entry.
 *
 * @example
 * // not run: it needs a Redis server
 * import { registerReplica } from '@gradstream/redis';
 * registerReplica('redis://10.0.0.5:6379', 'http://10.0.0.7:8080/').subscribe((urls) => console.log(urls));
 * // [ 'http://10.0.0.6:8080/', 'http://10.0.0.7:8080/' ]
 */
export function registerReplica(url: string, publicUrl: string, options: ReplicaRegistryOptions = {}): Observable<string[]> {
  const self = checkPublicUrl(publicUrl);
  const { heartbeatMs, ttlMs } = checkTimes(options);
  const key = replicasKey(checkPrefix(options.prefix ?? DEFAULT_PREFIX));
  return new Observable<string[]>((subscriber) => {
    let stopped = false;
    let wake = () => {};
    let leave = () => {};
    let last = '';
    connectRedis(url, 'gradstream-replica')
      .then(async ({ client }) => {
        leave = () => {
          // Best effort: a Redis that is down forgets this replica after ttlMs anyway.
          const timer = setTimeout(() => closeRedis(client), 1000);
          client.zrem(key, self).catch(() => undefined).finally(() => (clearTimeout(timer), closeRedis(client)));
        };
        if (stopped) return leave();
        while (!stopped) {
          const urls = ((await client.eval(BEAT, 1, key, self, ttlMs)) as string[]).sort();
          const text = JSON.stringify(urls);
          if (text !== last && !stopped) subscriber.next(urls);
          last = text;
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, heartbeatMs);
            wake = () => (clearTimeout(timer), resolve());
          });
        }
      })
      .catch((err: Error) => {
        if (!stopped) subscriber.error(new Error(withoutSecret(err.message, url)));
      });
    return () => {
      stopped = true;
      wake();
      leave();
    };
  });
}

/** `http://host:port/` or `https://…`: the dashboard's address as browsers reach it (normalised to its origin and `/`). */
function checkPublicUrl(publicUrl: unknown): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(String(publicUrl));
  } catch {
    parsed = undefined;
  }
  if (typeof publicUrl !== 'string' || parsed === undefined || !/^https?:$/.test(parsed.protocol) || parsed.username !== '' || parsed.password !== '') {
    throw new TypeError(`invalid argument. publicUrl must be an http:// or https:// URL without credentials, e.g. http://10.0.0.7:8080/. Value: \`${JSON.stringify(publicUrl)}\`.`);
  }
  return `${parsed.origin}/`;
}

function checkTimes(options: ReplicaRegistryOptions): { heartbeatMs: number; ttlMs: number } {
  const heartbeatMs = options.heartbeatMs ?? 1000;
  const ttlMs = options.ttlMs ?? 4000;
  if (!Number.isInteger(heartbeatMs) || heartbeatMs < 1) {
    throw new RangeError(`invalid argument. heartbeatMs must be a positive integer. Value: \`${heartbeatMs}\`.`);
  }
  if (!Number.isInteger(ttlMs) || ttlMs <= heartbeatMs) {
    throw new RangeError(`invalid argument. ttlMs must be an integer greater than heartbeatMs (${heartbeatMs}). Value: \`${ttlMs}\`.`);
  }
  return { heartbeatMs, ttlMs };
}
