import { Redis } from 'ioredis';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ENTRIES_PER_READ, StreamFollower } from '../src/stream-follower.js';
import { startRedis, type RedisServer } from './helpers/redis-server.js';

let redis: RedisServer;
let writer: Redis;
test.before(async () => {
  redis = await startRedis();
  writer = new Redis(redis.url);
});
test.after(async () => {
  writer.disconnect();
  await redis.stop();
});

/** `entries` entries in each of `keys`, in one pipeline. */
async function fill(keys: string[], entries: number): Promise<void> {
  const pipeline = writer.pipeline();
  for (const key of keys) for (let i = 1; i <= entries; i++) pipeline.xadd(key, `${i}-1`, 'e', String(i));
  await pipeline.exec();
}

/**
 * Follows `keys` until `total` entries came, and returns how many came in each turn of the event loop: one XREAD
 * reply is handed over in one turn, so a turn's count is what the reader took in before anything else could run
 * (a replica's heartbeat, its WebSocket clients).
 */
async function turns(keys: string[], total: number): Promise<{ perTurn: number[]; order: string[] }> {
  const client = new Redis(redis.url);
  const follower = new StreamFollower(client);
  for (const key of keys) follower.follow(key);
  const perTurn: number[] = [];
  const order: string[] = [];
  let inTurn = 0;
  await new Promise<void>((resolve) => {
    void follower.run((entry) => {
      order.push(`${entry.key} ${entry.id}`);
      if (inTurn++ === 0) queueMicrotask(() => (perTurn.push(inTurn), (inTurn = 0)));
      if (order.length === total) resolve();
    });
  });
  follower.stop();
  client.disconnect();
  await new Promise((resolve) => setImmediate(resolve));
  return { perTurn, order };
}

test('a reader catching up a long stream takes it in bounded reads: at most 64 entries a turn, every entry once, in order', async () => {
  await fill(['history:one'], 1000);
  const { perTurn, order } = await turns(['history:one'], 1000);
  assert.is(ENTRIES_PER_READ, 64);
  assert.is(Math.max(...perTurn), 64, 'a read of 1,000 entries (as before) would hand 1,000 over in one turn');
  assert.is(perTurn.length, Math.ceil(1000 / 64));
  assert.equal(order, Array.from({ length: 1000 }, (_, i) => `history:one ${i + 1}-1`));
});

test('the bound holds across streams: the entries of a read are shared among the streams followed, at least one each', async () => {
  const few = ['history:a', 'history:b', 'history:c', 'history:d'];
  await fill(few, 100);
  const { perTurn, order } = await turns(few, 400);
  assert.ok(Math.max(...perTurn) <= 64, `at most 64 a turn, got ${Math.max(...perTurn)}`);
  assert.is(new Set(order).size, 400);
  const many = Array.from({ length: 100 }, (_, i) => `history:many:${i}`);
  await fill(many, 3);
  const { perTurn: manyTurns } = await turns(many, 300);
  assert.equal(manyTurns, [100, 100, 100], 'one entry a stream a read when more streams are followed than 64');
});

test.run();
