// A run id is made from lr, batch size and seed: a sweep of other epochs (or n) under the same prefix names runs that a
// `train --redis` already stored. A fresh-clone review saw the sweep print the stored run's result as its own, and a
// worker take the job again after every --claim-idle-ms, failing the same way each time. Against a real redis-server.
import { setTimeout as sleep } from 'node:timers/promises';
import { JobQueue } from '@gradstream/redis';
import { Redis } from 'ioredis';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli, startCli } from './cli.js';
import { useRedis } from './redis-fixture.js';

const fixture = useRedis(test);
const ID = 'lr=0.03,bs=10,seed=42';

test('a sweep whose run ids name runs of other settings in Redis is refused before it enqueues anything', async () => {
  const trained = await runCli(['train', '--redis', fixture.redis.url]);
  assert.is(trained.code, 0, trained.stderr);
  const swept = await runCli(['sweep', '--redis', fixture.redis.url, '--lr', '0.03,0.3', '--batch-size', '10', '--epochs', '4']);
  assert.is(swept.code, 1);
  assert.match(swept.stderr, `gradstream: runs of this sweep are in Redis with other settings: ${ID} (epochs: 3 there, 4 here). Sweep under another prefix (--redis-prefix), or delete those runs' streams.`);
  const raw = new Redis(fixture.redis.url);
  assert.is(await raw.xlen('gradstream:jobs'), 0, 'no job enqueued');
  raw.disconnect();
  // The same settings as the stored run are that run, read back: the sweep's table shows it done.
  const same = await runCli(['sweep', '--redis', fixture.redis.url, '--lr', '0.03', '--batch-size', '10']);
  assert.is(same.code, 0, same.stderr);
  assert.match(same.stdout, new RegExp(`${ID.replace(/[.]/g, '\\.')}\\s+done`));
});

test('a worker whose job names a run of other settings fails the job once (recorded, not retried), and leaves that run alone', async () => {
  const prefix = 'clash:';
  const trained = await runCli(['train', '--redis', fixture.redis.url, '--redis-prefix', prefix]);
  assert.is(trained.code, 0, trained.stderr);
  // Enqueued directly (another tool, or a sweep of an older gradstream): the worker is the last line of defence.
  const queue = await JobQueue.open(fixture.redis.url, 'test', { prefix });
  await queue.enqueue([{ id: ID, job: { lr: 0.03, batchSize: 10, optimizer: 'sgd', seed: 42, epochs: 4, n: 1000, trueW: [2, -3.4], trueB: 4.2, noise: 0.01 } }]);
  const worker = fixture.track(startCli(['worker', '--redis', fixture.redis.url, '--redis-prefix', prefix, '--claim-idle-ms', '200', '--name', 'w']));
  let log = '';
  worker.stderr!.setEncoding('utf8').on('data', (d: string) => (log += d));
  for (const end = Date.now() + 30_000; !/ failed/.test(log); await sleep(20)) if (Date.now() > end) assert.unreachable(`the worker did not fail the job: ${log}`);
  await sleep(1000); // five claim-idle periods: a job left pending would be taken again
  worker.kill('SIGTERM');
  assert.is(log.match(/started/g)?.length, 1, `taken once: ${log}`);
  assert.match(log, `worker w-1: ${ID} failed`, log);
  const failures = await queue.failures();
  assert.equal(Object.keys(failures), [ID]);
  assert.match(failures[ID]!, 'this run id is in Redis with other settings (epochs: 3 there, 4 here)');
  queue.close();
  const raw = new Redis(fixture.redis.url);
  const last = (await raw.xrevrange(`${prefix}run:${ID}`, '+', '-', 'COUNT', 1))[0]!;
  raw.disconnect();
  assert.equal([last[0], JSON.parse(last[1][1]!).type], ['300-6', 'done'], "the stored run still ends with its own done");
});

test.run();
