/**
 * Reading a Redis URL — `redis://[user[:password]@]host[:port][/db]` or `rediss://…` (TLS) — into connection
 * settings, and writing it back with the password hidden. The password is a secret: every message this package
 * prints or throws names the URL through `redactRedisUrl`, never as given.
 */

/** Where and how to connect, from a Redis URL. */
export interface RedisTarget {
  host: string;
  port: number;
  db: number;
  tls: boolean;
  username?: string;
  password?: string;
  /** The URL with its password replaced by `***`: the only form that may be printed. */
  display: string;
}

const DEFAULT_PORT = 6379;
/** `[scheme://]user:password@` at the start of a string that `URL` does not read as one: groups 1 (up to the user) and 2 (the password). */
const USERINFO = /^((?:[a-z][a-z0-9+.-]*:\/\/)?[^:@/]*):([^@]*)@/i;

/**
 * The URL with the password (if any) replaced by `***`, for messages and logs. A string that is not a URL
 * is cut after 80 characters and any `:secret@` in it is hidden too.
 *
 * @example
 * import { redactRedisUrl } from '@gradstream/redis';
 * console.log(redactRedisUrl('redis://alice:s3cret@db.example:6380/2')); // redis://alice:***@db.example:6380/2
 */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    // `u:secret@host` parses as scheme `u:` with the secret in its path: only `scheme://` URLs have a password field.
    if (!String(url).includes('://')) throw new TypeError('not a URL with an authority');
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    const text = String(url).replace(USERINFO, '$1:***@');
    return text.length > 80 ? `${text.slice(0, 80)}…` : text;
  }
}

/** Removes every occurrence of the URL's password (raw or percent-encoded) from a message. */
export function withoutSecret(message: string, url: string): string {
  let password = '';
  try {
    if (!String(url).includes('://')) throw new TypeError('not a URL with an authority');
    password = new URL(url).password;
  } catch {
    password = USERINFO.exec(String(url))?.[2] ?? '';
  }
  if (password === '') return message;
  let out = message.split(url).join(redactRedisUrl(url));
  for (const form of new Set([password, safeDecode(password)])) out = out.split(form).join('***');
  return out;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function invalidUrl(url: unknown, rule: string): TypeError {
  const shown = typeof url === 'string' ? redactRedisUrl(url) : JSON.stringify(url);
  return new TypeError(`invalid argument. url ${rule}. Value: \`${shown}\`.`);
}

/**
 * Reads a Redis URL. Throws a `TypeError` naming the rule and showing the URL with its password hidden.
 *
 * @example
 * import { parseRedisUrl } from '@gradstream/redis';
 * const t = parseRedisUrl('rediss://worker:pw@10.0.0.5:6380/3');
 * console.log(t.host, t.port, t.db, t.tls, t.username, t.display); // 10.0.0.5 6380 3 true worker rediss://worker:***@10.0.0.5:6380/3
 */
export function parseRedisUrl(url: string): RedisTarget {
  if (typeof url !== 'string' || url === '') throw invalidUrl(url, 'must be a non-empty string like redis://host:6379');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidUrl(url, 'must be a URL like redis://[user:password@]host[:port][/db]');
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw invalidUrl(url, 'must start with redis:// or rediss:// (TLS)');
  if (parsed.hostname === '') throw invalidUrl(url, 'must name a host');
  const port = parsed.port === '' ? DEFAULT_PORT : Number(parsed.port);
  const path = parsed.pathname.replace(/^\//, '');
  if (path !== '' && !/^\d+$/.test(path)) throw invalidUrl(url, 'may only have a database number as its path (/0, /1 …)');
  const target: RedisTarget = {
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    db: path === '' ? 0 : Number(path),
    tls: parsed.protocol === 'rediss:',
    display: redactRedisUrl(url),
  };
  if (parsed.username !== '') target.username = safeDecode(parsed.username);
  if (parsed.password !== '') target.password = safeDecode(parsed.password);
  return target;
}
