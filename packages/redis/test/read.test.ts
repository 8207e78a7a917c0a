import type { TaggedEvent } from '@gradstream/events';
import { filter, firstValueFrom, from, lastValueFrom, take, toArray } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fromRedis, runsFromRedis, toRedis } from '../src/index.js';
import { fakeRun, labels } from './helpers/fake-run.js';
import { startRedis, type RedisServer } from './helpers/redis-server.js';

let redis: RedisServer;
test.before(async () => {
  redis = await startRedis();
});
test.after(async () => {
  await redis.stop();
});

const publish = (runId: string, epochs: number, perEpoch: number, prefix?: string) =>
  lastValueFrom(from(fakeRun(epochs, perEpoch)).pipe(toRedis(redis.url, runId, prefix === undefined ? {} : { prefix })));

test('fromRedis with since: n skips the first n events (the monitor seq), and completes after done', async () => {
  await publish('since', 2, 10);
  const all = labels(fakeRun(2, 10));
  assert.equal(labels(await firstValueFrom(fromRedis(redis.url, 'since', { since: 0 }).pipe(toArray()))), all);
  assert.equal(labels(await firstValueFrom(fromRedis(redis.url, 'since', { since: 12 }).pipe(toArray()))), all.slice(12));
  assert.equal(labels(await firstValueFrom(fromRedis(redis.url, 'since', { since: all.length }).pipe(toArray()))), []);
});

test('fromRedis follows a run live: a reader subscribed before the run starts gets every event', async () => {
  const reading = firstValueFrom(fromRedis(redis.url, 'live').pipe(toArray()));
  await new Promise((r) => setTimeout(r, 100));
  await publish('live', 3, 40);
  assert.equal(labels(await reading), labels(fakeRun(3, 40)));
});

test('runsFromRedis tags every run, those already there and one started later; prefixes keep projects apart', async () => {
  await publish('a', 1, 5, 'projA:');
  await publish('b', 1, 5, 'projA:');
  await publish('other', 1, 5, 'projB:');
  const count = 3 * 8;
  const got = firstValueFrom(runsFromRedis(redis.url, { prefix: 'projA:' }).pipe(take(count), toArray()));
  await new Promise((r) => setTimeout(r, 100));
  await publish('c', 1, 5, 'projA:');
  const events: TaggedEvent[] = await got;
  const byRun = (id: string) => labels(events.filter((t) => t.runId === id).map((t) => t.event));
  for (const id of ['a', 'b', 'c']) assert.equal(byRun(id), labels(fakeRun(1, 5)), id);
  assert.equal(byRun('other'), []);
});

test('runsFromRedis lists a resumed run once', async () => {
  await publish('again', 1, 3, 'projC:');
  await publish('again', 1, 3, 'projC:');
  await publish('last', 1, 1, 'projC:');
  const runEvents = await firstValueFrom(runsFromRedis(redis.url, { prefix: 'projC:' }).pipe(filter((t) => t.event.type === 'run'), take(2), toArray()));
  assert.equal(runEvents.map((t) => t.runId), ['again', 'last']);
});

test.run();
