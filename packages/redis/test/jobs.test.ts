// The job queue's ids name a run's settings, but not all of them: enqueuing other settings under a known id is
// refused (the run in Redis is not this one); the same settings again add nothing. A real redis-server.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { JobQueue } from '../src/index.js';
import { startRedis, type RedisServer } from './helpers/redis-server.js';

let redis: RedisServer;
test.before(async () => {
  redis = await startRedis();
});
test.after(async () => {
  await redis.stop();
});

test('the same settings again add nothing; other settings under a known id are refused, naming what differs', async () => {
  const queue = await JobQueue.open(redis.url, 'test');
  try {
    const id = 'lr=0.3,bs=10,seed=42';
    assert.is(await queue.enqueue([{ id, job: { lr: 0.3, epochs: 3 } }]), 1);
    assert.is(await queue.enqueue([{ id, job: { lr: 0.3, epochs: 3 } }]), 0);
    const refused = await queue.enqueue([{ id, job: { lr: 0.3, epochs: 6 } }]).then(() => undefined, (err: Error) => err.message);
    assert.is(refused, 'job lr=0.3,bs=10,seed=42 is in Redis with other settings (epochs: 3 there, 6 here). Sweep these settings under another prefix (--redis-prefix).');
  } finally {
    queue.close();
  }
});

test.run();
