// The replicas' registry on a real redis-server: replicas list each other, one that stops cleanly leaves at once,
// one killed with SIGKILL (a real process) drops out after ttlMs, prefixes keep projects apart, bad options are named.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { registerReplica } from '../src/index.js';
import { startRedis, type RedisServer } from './helpers/redis-server.js';

let redis: RedisServer;
test.before(async () => {
  redis = await startRedis();
});
test.after(async () => {
  await redis.stop();
});

const FAST = { heartbeatMs: 100, ttlMs: 300 };
const until = async (what: string, ok: () => boolean) => {
  for (const end = Date.now() + 5000; !ok(); await sleep(10)) if (Date.now() > end) assert.unreachable(what);
};

test('two replicas list each other, sorted and normalised; one that unsubscribes leaves the other\'s list at its next beat', async () => {
  const seenByA: string[][] = [];
  const a = registerReplica(redis.url, 'http://10.0.0.7:8080', { ...FAST, prefix: 'two:' }).subscribe((urls) => seenByA.push(urls));
  const b = registerReplica(redis.url, 'http://10.0.0.6:8080/dashboard?x=1', { ...FAST, prefix: 'two:' }).subscribe();
  await until('both listed', () => seenByA.at(-1)?.length === 2);
  assert.equal(seenByA.at(-1), ['http://10.0.0.6:8080/', 'http://10.0.0.7:8080/']);
  const left = Date.now();
  b.unsubscribe();
  await until('b gone', () => seenByA.at(-1)?.length === 1);
  assert.ok(Date.now() - left < FAST.ttlMs, `left after ${Date.now() - left} ms: removed, not expired`);
  assert.equal(seenByA.at(-1), ['http://10.0.0.7:8080/']);
  a.unsubscribe();
  const texts = seenByA.map((l) => JSON.stringify(l));
  assert.ok(texts.every((t, i) => i === 0 || t !== texts[i - 1]), `a list is emitted only when it changes: ${texts.join(' ')}`);
});

test('a replica killed with SIGKILL drops out of the others\' list once its heartbeat is older than ttlMs', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./helpers/replica-child.ts', import.meta.url).pathname, redis.url, 'http://10.0.0.9:8080/', '100', '300'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let printed = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (printed += d));
  const seen: string[][] = [];
  const sub = registerReplica(redis.url, 'http://10.0.0.8:8080/', FAST).subscribe((urls) => seen.push(urls));
  await until('both listed, by each', () => seen.at(-1)?.length === 2 && printed.includes('10.0.0.8'));
  assert.equal(seen.at(-1), ['http://10.0.0.8:8080/', 'http://10.0.0.9:8080/']);
  const killed = Date.now();
  child.kill('SIGKILL');
  await until('the killed one gone', () => seen.at(-1)?.length === 1);
  const gone = Date.now() - killed;
  // Its last beat was at most heartbeatMs before the kill; a clean leave would have been at once.
  assert.ok(gone >= FAST.ttlMs - FAST.heartbeatMs, `dropped after ${gone} ms`);
  assert.equal(seen.at(-1), ['http://10.0.0.8:8080/']);
  sub.unsubscribe();
});

test('bad arguments are named with the rule and the value', () => {
  const message = (f: () => unknown) => {
    try {
      f();
    } catch (err) {
      return (err as Error).message;
    }
    return 'no error';
  };
  assert.is(message(() => registerReplica(redis.url, 'ws://h:1/')), 'invalid argument. publicUrl must be an http:// or https:// URL without credentials, e.g. http://10.0.0.7:8080/. Value: `"ws://h:1/"`.');
  assert.is(message(() => registerReplica(redis.url, 'http://u:p@h:1/')), 'invalid argument. publicUrl must be an http:// or https:// URL without credentials, e.g. http://10.0.0.7:8080/. Value: `"http://u:p@h:1/"`.');
  assert.is(message(() => registerReplica(redis.url, 'http://h:1/', { heartbeatMs: 0 })), 'invalid argument. heartbeatMs must be a positive integer. Value: `0`.');
  assert.is(message(() => registerReplica(redis.url, 'http://h:1/', { heartbeatMs: 100, ttlMs: 100 })), 'invalid argument. ttlMs must be an integer greater than heartbeatMs (100). Value: `100`.');
  assert.is(message(() => registerReplica(redis.url, 'http://h:1/', { prefix: 'a b' })), 'invalid argument. prefix must be a string of at most 100 characters without whitespace. Value: `"a b"`.');
});

test.run();
