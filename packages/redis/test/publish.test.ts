import { Redis } from 'ioredis';
import { firstValueFrom, from, lastValueFrom, toArray } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fromRedis, RunPublisher, toRedis } from '../src/index.js';
import { fakeRun, labels } from './helpers/fake-run.js';
import { startRedis, type RedisServer } from './helpers/redis-server.js';

let redis: RedisServer;
test.before(async () => {
  redis = await startRedis();
});
test.after(async () => {
  await redis.stop();
});

const readAll = (runId: string) => firstValueFrom(fromRedis(redis.url, runId).pipe(toArray()));

test('toRedis passes the events on, stores each once in order, and completes once they are stored', async () => {
  const run = fakeRun(3, 100);
  const passed = await lastValueFrom(from(run).pipe(toRedis(redis.url, 'once'), toArray()));
  assert.is(passed.length, run.length);
  assert.equal(labels(await readAll('once')), labels(run));
});

test('events queued in one turn go out together: 305 events in one round-trip, consecutive steps as one entry, at most batchMax events a round-trip', async () => {
  const one = new RunPublisher(redis.url, 'batched');
  for (const e of fakeRun(3, 100)) one.publish(e);
  await one.close();
  assert.equal(one.stats, { added: 305, skipped: 0, batches: 1 });
  // Each epoch's 100 steps are one block entry: run, 3 × (block, epoch), done.
  const raw = new Redis(redis.port, '127.0.0.1');
  assert.is(await raw.xlen('gradstream:run:batched'), 8);
  raw.disconnect();
  const small = new RunPublisher(redis.url, 'small-batches', { batchMax: 50 });
  for (const e of fakeRun(3, 100)) small.publish(e);
  await small.close();
  assert.equal(small.stats, { added: 305, skipped: 0, batches: 10 });
});

test('publishing the same run again stores nothing twice', async () => {
  const run = fakeRun(2, 20);
  await lastValueFrom(from(run).pipe(toRedis(redis.url, 'twice')));
  const again = new RunPublisher(redis.url, 'twice');
  for (const e of run) again.publish(e);
  await again.close();
  assert.equal(again.stats, { added: 0, skipped: run.length, batches: 0 });
  assert.equal(labels(await readAll('twice')), labels(run));
});

test('a run resumed from a checkpoint replays steps already published: they are skipped, the rest added once', async () => {
  const run = fakeRun(3, 50);
  // The first process published up to step 120 (epochs 1 and 2, part of 3), then died.
  const cut = run.findIndex((e) => e.type === 'step' && e.globalStep === 120);
  await lastValueFrom(from(run.slice(0, cut + 1)).pipe(toRedis(redis.url, 'resumed')));
  // The resumed process starts from its checkpoint at step 100: a new run event, then steps 101 … 150.
  const fromCheckpoint = run.findIndex((e) => e.type === 'step' && e.globalStep === 101);
  const resumed = new RunPublisher(redis.url, 'resumed');
  for (const e of [{ ...run[0]!, startedAt: 2 }, ...run.slice(fromCheckpoint)]) resumed.publish(e);
  await resumed.close();
  assert.is(resumed.stats.skipped, 1 + 20);
  const stored = await readAll('resumed');
  assert.equal(labels(stored), labels(run));
  assert.is((stored[0] as { startedAt: number }).startedAt, 1, 'the first run event stays');
});

test('bad arguments are refused naming the argument, the rule and the value', () => {
  assert.throws(() => new RunPublisher(redis.url, 'has space'), (e: Error) => e.message === 'invalid argument. runId must be 1 to 200 characters without whitespace. Value: `"has space"`.');
  assert.throws(() => new RunPublisher(redis.url, 'x', { bufferLimit: 0 }), (e: Error) => e.message === 'invalid argument. bufferLimit must be a positive integer. Value: `0`.');
  assert.throws(() => new RunPublisher(redis.url, 'x', { prefix: 'a b' }), (e: Error) => e.message === 'invalid argument. prefix must be a string of at most 100 characters without whitespace. Value: `"a b"`.');
  assert.throws(() => fromRedis(redis.url, 'x', { since: -1 }), (e: Error) => e.message === 'invalid argument. since must be a non-negative integer. Value: `-1`.');
});

test.run();
