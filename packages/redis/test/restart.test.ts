// Redis going away mid-run: the publisher buffers, pauses its producer past the bound, and publishes the rest
// in order once the server is back (appendonly yes keeps what was stored); a reader carries on without repeats.
import type { TrainEvent } from '@gradstream/events';
import { firstValueFrom, toArray } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fromRedis, RunPublisher } from '../src/index.js';
import { fakeRun, labels } from './helpers/fake-run.js';
import { startRedis, type RedisServer } from './helpers/redis-server.js';

let redis: RedisServer;
test.before(async () => {
  redis = await startRedis();
});
test.after(async () => {
  await redis.stop();
});

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Publishes `events` a few at a time, awaiting `ready()` as the trainer does between slices. */
async function produce(publisher: RunPublisher, events: TrainEvent[], perSlice: number, onSlice: (i: number) => Promise<void> | void): Promise<number> {
  let paused = 0;
  for (let i = 0; i < events.length; i += perSlice) {
    for (const e of events.slice(i, i + perSlice)) publisher.publish(e);
    await onSlice(i);
    const wait = publisher.ready();
    if (wait) {
      paused++;
      await wait;
    }
    await tick(1);
  }
  return paused;
}

test('redis-server restarted mid-run: the run completes, every step and epoch stored exactly once, and a live reader sees each once', async () => {
  const run = fakeRun(4, 200);
  const seen = firstValueFrom(fromRedis(redis.url, 'restart').pipe(toArray()));
  const publisher = new RunPublisher(redis.url, 'restart');
  await produce(publisher, run, 10, async (i) => {
    if (i === 300) await redis.restart(300);
  });
  await publisher.close();
  const stored = await firstValueFrom(fromRedis(redis.url, 'restart').pipe(toArray()));
  assert.equal(labels(stored), labels(run));
  assert.equal(labels(await seen), labels(run));
});

test('past bufferLimit the producer is paused, not dropped: ready() waits until Redis is back, then everything is stored in order', async () => {
  const run = fakeRun(2, 100);
  const publisher = new RunPublisher(redis.url, 'paused', { bufferLimit: 50 });
  const paused = await produce(publisher, run, 5, async (i) => {
    if (i !== 40) return;
    await redis.halt();
    setTimeout(() => void redis.start(), 500);
  });
  await publisher.close();
  assert.ok(paused >= 1, `the producer was paused ${paused} times`);
  const stored = await firstValueFrom(fromRedis(redis.url, 'paused').pipe(toArray()));
  assert.equal(labels(stored), labels(run));
});

test('while Redis is down, ready() stays pending once bufferLimit events wait', async () => {
  const publisher = new RunPublisher(redis.url, 'bound', { bufferLimit: 20 });
  publisher.publish(fakeRun(1, 1)[0]!);
  await publisher.flushed();
  await redis.halt();
  for (const e of fakeRun(1, 30).slice(1)) publisher.publish(e);
  await tick(100);
  const wait = publisher.ready();
  assert.ok(wait instanceof Promise, 'ready() asks the producer to wait');
  let resumed = false;
  void wait!.then(() => (resumed = true));
  await tick(300);
  assert.is(resumed, false, 'still waiting while Redis is down');
  assert.is(publisher.pending, 32);
  await redis.start();
  await wait;
  await publisher.close();
  assert.is(publisher.pending, 0);
  const stored = await firstValueFrom(fromRedis(redis.url, 'bound').pipe(toArray()));
  assert.equal(labels(stored), labels(fakeRun(1, 30)));
});

test.run();
