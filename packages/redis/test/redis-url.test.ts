// The password of a Redis URL is a secret: parsing keeps it for the connection, and no message shows it.
import { defer, firstValueFrom, from, lastValueFrom, toArray } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fromRedis, parseRedisUrl, redactRedisUrl, RunPublisher, runsFromRedis, toRedis } from '../src/index.js';
import { fakeRun } from './helpers/fake-run.js';
import { freePort, startRedis } from './helpers/redis-server.js';

const SECRET = 'hunter2-Sécret';

test('parseRedisUrl reads user, password, host, port, db and TLS; display hides the password', () => {
  const t = parseRedisUrl(`rediss://worker:${encodeURIComponent(SECRET)}@10.0.0.5:6380/3`);
  assert.equal(t, { host: '10.0.0.5', port: 6380, db: 3, tls: true, username: 'worker', password: SECRET, display: 'rediss://worker:***@10.0.0.5:6380/3' });
  assert.equal(parseRedisUrl('redis://localhost'), { host: 'localhost', port: 6379, db: 0, tls: false, display: 'redis://localhost' });
  assert.is(redactRedisUrl(`redis://:${SECRET}@h:1`), 'redis://:***@h:1');
});

test('a bad URL is refused naming the rule, with the password hidden', () => {
  const message = (url: string) => {
    try {
      parseRedisUrl(url);
      return 'no error';
    } catch (err) {
      return (err as Error).message;
    }
  };
  assert.is(message(`http://u:${SECRET}@h:1`), 'invalid argument. url must start with redis:// or rediss:// (TLS). Value: `http://u:***@h:1`.');
  assert.is(message(`redis://u:${SECRET}@h:1/x`), 'invalid argument. url may only have a database number as its path (/0, /1 …). Value: `redis://u:***@h:1/x`.');
  assert.is(message(`u:${SECRET}@nowhere`), 'invalid argument. url must start with redis:// or rediss:// (TLS). Value: `u:***@nowhere`.');
  assert.is(message(`redis://u:${SECRET}@`), 'invalid argument. url must be a URL like redis://[user:password@]host[:port][/db]. Value: `redis://u:***@`.');
  assert.is(message(''), 'invalid argument. url must be a non-empty string like redis://host:6379. Value: ``.');
});

test('the right password connects; a wrong one and an unreachable server fail with messages that never show the password', async () => {
  const redis = await startRedis({ password: SECRET });
  try {
    await lastValueFrom(from(fakeRun(1, 5)).pipe(toRedis(redis.url, 'secured')));
    assert.is((await firstValueFrom(fromRedis(redis.url, 'secured').pipe(toArray()))).length, 8);
    const wrong = `redis://default:${encodeURIComponent(SECRET + 'x')}@127.0.0.1:${redis.port}`;
    const refused = await lastValueFrom(from(fakeRun(1, 1)).pipe(toRedis(wrong, 'w'))).then(() => 'no error', (e: Error) => e.message);
    assert.match(refused, /^cannot publish run w to Redis: cannot connect to Redis at redis:\/\/default:\*\*\*@127\.0\.0\.1:\d+: WRONGPASS/);
    const read = await firstValueFrom(fromRedis(wrong, 'secured')).then(() => 'no error', (e: Error) => e.message);
    assert.match(read, /^cannot connect to Redis at redis:\/\/default:\*\*\*@127\.0\.0\.1:\d+: WRONGPASS/);
    for (const m of [refused, read]) assert.not.ok(m.includes(SECRET) || m.includes(encodeURIComponent(SECRET)), m);
  } finally {
    await redis.stop();
  }
  const port = await freePort();
  const nobody = `redis://u:${encodeURIComponent(SECRET)}@127.0.0.1:${port}/2`;
  const gone = new RunPublisher(nobody, 'x', { connectTimeoutMs: 500 });
  const unreachable = await gone.flushed().then(() => 'no error', (e: Error) => e.message);
  // A run given a publisher that has failed already ends with its error, and its source is never started.
  let started = 0;
  const run = defer(() => (started++, from(fakeRun(1, 1))));
  assert.is(await lastValueFrom(run.pipe(toRedis(gone))).then(() => 'no error', (e: Error) => e.message), unreachable);
  assert.is(started, 0, 'the source was not started');
  assert.match(unreachable, new RegExp(`^cannot publish run x to Redis: cannot connect to Redis at redis://u:\\*\\*\\*@127\\.0\\.0\\.1:${port}/2: `));
  const runs = await firstValueFrom(runsFromRedis(nobody)).then(() => 'no error', (e: Error) => e.message);
  for (const m of [unreachable, runs]) assert.not.ok(m.includes(SECRET) || m.includes(encodeURIComponent(SECRET)), m);
});

test.run();
