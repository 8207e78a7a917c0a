/**
 * The `--redis URL` and `--redis-prefix P` options shared by the commands that use Redis (train, serve), with
 * the URL checked when the command line is read. Its password never appears in a message: a bad URL is named
 * with the password hidden.
 *
 * @example
 * import { redisUrl } from './redis-options.js';
 * try { redisUrl('http://u:secret@h', '--redis'); } catch (e) { console.log((e as Error).message); }
 * // invalid option. --redis must start with redis:// or rediss:// (TLS). Value: `http://u:***@h`.
 */
import { DEFAULT_PREFIX, parseRedisUrl } from '@gradstream/redis';
import { value, type ParsedValues } from './args.js';
import { UsageError } from './errors.js';
import { nonEmpty } from './values.js';

/** Checks a Redis URL (kept as given: the connection reads it again); the message shows it with the password hidden. */
export function redisUrl(raw: string, flag: string): string {
  try {
    parseRedisUrl(raw);
  } catch (err) {
    throw new UsageError((err as Error).message.replace('invalid argument. url', `invalid option. ${flag}`));
  }
  return raw;
}

function redisPrefix(raw: string, flag: string): string {
  if (raw.length > 100 || /\s/.test(raw)) throw new UsageError(`invalid option. ${flag} must be at most 100 characters without whitespace. Value: \`${raw}\`.`);
  return raw;
}

export const REDIS_OPTIONS = {
  redis: value(redisUrl, 'URL', 'also publish to / read from Redis Streams at URL: redis://[user:password@]host[:port][/db], or rediss:// (TLS)'),
  redisPrefix: value(redisPrefix, 'PREFIX', `with --redis: prefix of every key, so one Redis holds several projects (default ${DEFAULT_PREFIX})`),
};

export const RUN_ID_OPTION = {
  runId: value(nonEmpty, 'ID', 'with --redis: the run\'s id (default: from its settings, e.g. lr=0.03,bs=10,seed=42)'),
};

/** What `--redis`, `--redis-prefix` and `--run-id` parse to. */
export type RedisOptionValues = ParsedValues<typeof REDIS_OPTIONS & typeof RUN_ID_OPTION>;

/** `--redis-prefix` and `--run-id` only mean something with `--redis`. */
export function checkRedisCombinations(o: { redis?: string; redisPrefix?: string; runId?: string }): void {
  for (const [key, flag] of [['redisPrefix', '--redis-prefix'], ['runId', '--run-id']] as const) {
    if (o[key] !== undefined && o.redis === undefined) throw new UsageError(`invalid option. ${flag} needs --redis URL. Value: \`${flag}\`.`);
  }
}
