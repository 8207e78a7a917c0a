/**
 * One ioredis connection made from a Redis URL, set up to ride out a restarting server: commands wait in the
 * client's queue while it reconnects (every 50 ms, backing off to 1 s) and are sent again once it is back, so a
 * caller sees a slow reply, never a lost one. The first connection is retried the same way for up to `timeoutMs`
 * (a server restarting); then a wrong host is reported, and a refused password at once, both with the password hidden.
 */
import { isIP } from 'node:net';
import type { Redis } from 'ioredis';
import { parseRedisUrl, withoutSecret, type RedisTarget } from './redis-url.js';

export interface ConnectedClient {
  client: Redis;
  target: RedisTarget;
}

/** Connects (failing after `timeoutMs` when the server is unreachable or refuses the credentials). */
export async function connectRedis(url: string, name: string, timeoutMs = 5000): Promise<ConnectedClient> {
  const target = parseRedisUrl(url);
  // Loaded on first use: importing this package (a CLI reading its options) does not load the client.
  const { Redis } = await import('ioredis');
  const client = new Redis({
    host: target.host,
    port: target.port,
    db: target.db,
    ...(target.username !== undefined ? { username: target.username } : {}),
    ...(target.password !== undefined ? { password: target.password } : {}),
    // SNI names a host, never an address (Node warns, DEP0123, for an IP): rediss://10.0.0.5 sends none.
    ...(target.tls ? { tls: isIP(target.host) === 0 ? { servername: target.host } : {} } : {}),
    connectionName: name,
    lazyConnect: true,
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    connectTimeout: timeoutMs,
    retryStrategy: (times: number) => Math.min(50 * times, 1000),
  });
  // ioredis prints unhandled 'error' events itself; connection errors are expected while a server restarts.
  let lastError: Error | undefined;
  let refused: ((err: Error) => void) | undefined;
  client.on('error', (err: Error) => {
    lastError = err;
    // Credentials do not get better by retrying: say so at once.
    if (/WRONGPASS|NOAUTH|NOPERM|invalid password|invalid username/i.test(err.message)) refused?.(err);
  });
  try {
    // A server that is not up yet (restarting) is retried until the timeout.
    const ready = new Promise<void>((resolve, reject) => {
      refused = reject;
      client.once('ready', resolve);
      client.once('end', () => reject(lastError ?? new Error('connection ended')));
    });
    client.connect().catch(() => undefined);
    await withTimeout(ready.then(() => client.ping()), timeoutMs);
  } catch (err) {
    client.disconnect();
    // The server's reply (WRONGPASS …) arrives as an 'error' event; a timeout only says how long it waited.
    const reason = lastError?.message || (err as Error)?.message || 'no answer';
    throw new Error(withoutSecret(`cannot connect to Redis at ${target.display}: ${reason}${hint(reason, target)}`, url));
  }
  return { client, target };
}

/** What a person can do about a failure whose client message does not say it. */
function hint(reason: string, target: RedisTarget): string {
  if (/^NOAUTH/.test(reason)) return ' (this server needs a password: redis://:PASSWORD@host:port, or redis://USER:PASSWORD@…)';
  if (/Unknown RESP type/.test(reason)) return ' (what answers at this port does not speak Redis: an HTTP server?)';
  if (target.tls && /no answer|ECONNRESET|EPROTO|wrong version number|socket disconnected/i.test(reason)) {
    return ' (rediss:// speaks TLS: is this a TLS port? A plain Redis port takes redis://)';
  }
  return '';
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Closes a connection without waiting for pending replies (a blocked XREAD among them). */
export function closeRedis(client: Redis): void {
  client.disconnect(false);
}
