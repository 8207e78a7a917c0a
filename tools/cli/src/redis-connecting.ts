/**
 * What a person waiting on Redis sees (train, serve, worker, sweep with `--redis`): a connection that takes longer
 * than NOTICE_AFTER_MS prints one line saying where it connects and when it gives up (the client's 5 s), instead of a
 * silent wait; a server that wants a password it was not given says that the CLI also takes it from
 * GRADSTREAM_REDIS_PASSWORD. The URL is always shown with its password hidden.
 *
 * @example
 * // not run: it needs a Redis server
 * import { JobQueue } from '@gradstream/redis';
 * import { connecting } from './redis-connecting.js';
 * const queue = await connecting(JobQueue.open(url, 'sweep'), url);
 */
import { redactRedisUrl } from '@gradstream/redis';
import { passwordFromEnvironment, REDIS_PASSWORD_ENV } from './redis-options.js';

/** How long a connection may take before the notice is printed. */
export const NOTICE_AFTER_MS = 1000;
/** How long @gradstream/redis tries to connect before it gives up (its default `timeoutMs`). */
const GIVES_UP_AFTER_MS = 5000;

/**
 * Awaits `work` (a connection to `url`); printing the notice to stderr if it has not settled after NOTICE_AFTER_MS,
 * and rejecting with `withPasswordHint(err)` when it fails.
 */
export function connecting<T>(work: Promise<T>, url: string, print = (line: string) => process.stderr.write(line + '\n')): Promise<T> {
  const timer = setTimeout(() => print(connectingNotice(url)), NOTICE_AFTER_MS);
  timer.unref(); // a process that is ending anyway (a signal) does not wait for it
  return work.then(
    (value) => {
      clearTimeout(timer);
      return value;
    },
    (err: unknown) => {
      clearTimeout(timer);
      throw withPasswordHint(err, url);
    },
  );
}

/** `gradstream: connecting to Redis at redis://:***@host:port … (gives up after 5 s)` */
export function connectingNotice(url: string): string {
  return `gradstream: connecting to Redis at ${redactRedisUrl(url)} … (gives up after ${GIVES_UP_AFTER_MS / 1000} s)`;
}

/** The library's hint for a server that needs a password: its URL placeholders would print as `redis://:***@`. */
const LIBRARY_HINT = /\(this server needs a password: redis:\/\/:PASSWORD@[^)]*\)/;

/**
 * `err` with the library's NOAUTH hint told the CLI's way (the environment variable first), and a refused password
 * (WRONGPASS) on `url` that came from the environment variable saying so; the same error otherwise.
 */
export function withPasswordHint(err: unknown, url: string): unknown {
  if (!(err instanceof Error)) return err;
  if (LIBRARY_HINT.test(err.message)) {
    err.message = err.message.replace(LIBRARY_HINT, `(this server needs a password: set ${REDIS_PASSWORD_ENV}, or write it in the URL before the host, :PASSWORD@ or USER:PASSWORD@)`);
  } else if (/WRONGPASS/.test(err.message) && passwordFromEnvironment(url) && !err.message.includes(REDIS_PASSWORD_ENV)) {
    err.message += ` (the password came from ${REDIS_PASSWORD_ENV}: the --redis URL has none)`;
  }
  return err;
}
