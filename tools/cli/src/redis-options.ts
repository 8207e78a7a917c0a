/**
 * The `--redis URL` and `--redis-prefix P` options shared by the commands that use Redis (train, serve, sweep,
 * worker). `@gradstream/redis` is an optional dependency of the CLI (a machine that never uses Redis does not
 * install its client): `loadRedis` loads it when `--redis` is given, checks the URL and returns the URL to connect
 * to: a URL without a password takes the one in the environment variable GRADSTREAM_REDIS_PASSWORD, so that the
 * password need not be in the command line (which every user of the machine sees in `ps`). The password never
 * appears in a message: a bad URL is named with the password hidden.
 *
 * @example
 * import { loadRedis } from './redis-options.js';
 * try { await loadRedis('http://u:secret@h'); } catch (e) { console.log((e as Error).message); }
 * // invalid option. --redis must start with redis:// or rediss:// (TLS). Value: `http://u:***@h`.
 * console.log(await loadRedis('redis://h:6379', { GRADSTREAM_REDIS_PASSWORD: 'p@ss' })); // redis://:p%40ss@h:6379
 * console.log(await loadRedis('redis://:own@h:6379', { GRADSTREAM_REDIS_PASSWORD: 'p@ss' })); // redis://:own@h:6379
 */
import { value, type ParsedValues } from './args.js';
import { CliError, UsageError } from './errors.js';
import { nonEmpty } from './values.js';

/** The environment variable that holds the password for a `--redis` URL without one. */
export const REDIS_PASSWORD_ENV = 'GRADSTREAM_REDIS_PASSWORD';

/**
 * Loads @gradstream/redis and checks `url` (a UsageError for a bad one, naming it with its password hidden);
 * returns the URL to connect to: `url`, with the password from `env.GRADSTREAM_REDIS_PASSWORD` when it has none.
 */
export async function loadRedis(url: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  let redis: typeof import('@gradstream/redis');
  try {
    redis = await import('@gradstream/redis');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw err;
    throw new CliError('--redis needs the package @gradstream/redis installed next to gradstream (npm install @gradstream/redis).');
  }
  try {
    redis.parseRedisUrl(url);
  } catch (err) {
    throw new UsageError((err as Error).message.replace('invalid argument. url', 'invalid option. --redis'));
  }
  const password = env[REDIS_PASSWORD_ENV];
  const parsed = new URL(url);
  if (parsed.password !== '' || password === undefined || password === '') return url;
  parsed.password = password; // percent-encoded by URL; @gradstream/redis decodes it
  const withPassword = parsed.toString().replace(/\/$/, '');
  passwordsFromEnvironment.add(withPassword);
  return withPassword;
}

/** The URLs `loadRedis` gave a password from the environment: a refused password then names where it came from. */
const passwordsFromEnvironment = new Set<string>();

/** Whether `url` (as `loadRedis` returned it) has its password from GRADSTREAM_REDIS_PASSWORD. */
export const passwordFromEnvironment = (url: string): boolean => passwordsFromEnvironment.has(url);

function redisPrefix(raw: string, flag: string): string {
  if (raw.length > 100 || /\s/.test(raw)) throw new UsageError(`invalid option. ${flag} must be at most 100 characters without whitespace. Value: \`${raw}\`.`);
  return raw;
}

export const REDIS_OPTIONS = {
  redis: value(nonEmpty, 'URL', `also publish to / read from Redis Streams at URL: redis://[user:password@]host[:port][/db], or rediss:// (TLS); a URL without a password takes the one in the environment variable ${REDIS_PASSWORD_ENV} (kept out of \`ps\`)`),
  redisPrefix: value(redisPrefix, 'PREFIX', `with --redis: prefix of every key, so one Redis holds several projects (default gradstream:)`),
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
