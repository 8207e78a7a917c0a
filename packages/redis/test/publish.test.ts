import { Redis } from 'ioredis';
import { concat, firstValueFrom, from, lastValueFrom, Subject, take, throwError, toArray } from 'rxjs';
import type { TrainEvent } from '@gradstream/events';
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
/** The first `n` events stored for a run that has no end (fromRedis follows it for more). */
const readFirst = (runId: string, n: number) => firstValueFrom(fromRedis(redis.url, runId).pipe(take(n), toArray()));

test('toRedis passes the events on, stores each once in order, and completes once they are stored', async () => {
  const run = fakeRun(3, 100);
  const passed = await lastValueFrom(from(run).pipe(toRedis(redis.url, 'once'), toArray()));
  assert.is(passed.length, run.length);
  assert.equal(labels(await readAll('once')), labels(run));
});

test('events queued in one turn go out together: 305 events in one round-trip, steps and epochs as one block entry (at most blockMax events), at most batchMax entries a round-trip', async () => {
  const one = new RunPublisher(redis.url, 'batched');
  for (const e of fakeRun(3, 100)) one.publish(e);
  await one.close();
  assert.equal(one.stats, { added: 305, skipped: 0, batches: 1 });
  // The 300 steps and 3 epochs are one block entry: run, block, done.
  const raw = new Redis(redis.port, '127.0.0.1');
  assert.is(await raw.xlen('gradstream:run:batched'), 3);
  raw.disconnect();
  // Blocks of at most 50 events: run, 7 blocks (6 × 50 + 3), done = 9 entries; two a round-trip = 5 round-trips.
  const small = new RunPublisher(redis.url, 'small-batches', { batchMax: 2, blockMax: 50 });
  for (const e of fakeRun(3, 100)) small.publish(e);
  await small.close();
  assert.equal(small.stats, { added: 305, skipped: 0, batches: 5 });
  const raw2 = new Redis(redis.port, '127.0.0.1');
  assert.is(await raw2.xlen('gradstream:run:small-batches'), 9);
  raw2.disconnect();
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

test("publishing from its own thread (the default) and from the caller's thread store the same entries, byte for byte", async () => {
  const run = fakeRun(2, 30);
  for (const [runId, thread] of [['threaded', true], ['inline', false]] as const) {
    const publisher = new RunPublisher(redis.url, runId, { thread });
    for (const e of run) publisher.publish(e);
    await publisher.close();
    assert.equal(publisher.stats, { added: run.length, skipped: 0, batches: 1 });
  }
  const raw = new Redis(redis.port, '127.0.0.1');
  const [threaded, inline] = await Promise.all(['threaded', 'inline'].map((id) => raw.xrangeBuffer(`gradstream:run:${id}`, '-', '+')));
  raw.disconnect();
  assert.is(threaded.length, 3, 'run, a block of 60 steps and 2 epochs, done');
  assert.equal(threaded.map(([id, fields]) => [id.toString(), fields.map((f) => f.toString('hex'))]), inline.map(([id, fields]) => [id.toString(), fields.map((f) => f.toString('hex'))]));
});

test('a run of other settings under an id the stream holds is refused, naming what differs, and nothing is stored', async () => {
  await lastValueFrom(from(fakeRun(3, 10)).pipe(toRedis(redis.url, 'taken')));
  const other = fakeRun(6, 10);
  const failed = await lastValueFrom(from(other).pipe(toRedis(redis.url, 'taken'))).then(() => undefined, (err: Error) => err.message);
  assert.is(failed, 'cannot publish run taken to Redis: this run id is in Redis with other settings (epochs: 3 there, 6 here). Give this run another id (--run-id), or another prefix (--redis-prefix).');
  assert.equal(labels(await readAll('taken')), labels(fakeRun(3, 10)), 'the stored run is unchanged');
});

test('a source that fails ends the run with its error once what came before is stored; an unsubscribed run lets its source go and still stores what it queued', async () => {
  const run = fakeRun(2, 10);
  const cut = run.slice(0, 12);
  const failed = await lastValueFrom(concat(from(cut), throwError(() => new Error('bad data at row 7'))).pipe(toRedis(redis.url, 'failed'))).then(
    () => 'no error',
    (err: Error) => err.message,
  );
  assert.is(failed, 'bad data at row 7');
  assert.equal(labels(await readFirst('failed', cut.length)), labels(cut));
  const raw = new Redis(redis.port, '127.0.0.1');
  assert.is(await raw.xlen('gradstream:run:failed'), 2, 'the run event and one block: nothing after the error');

  const source = new Subject<TrainEvent>();
  const publisher = new RunPublisher(redis.url, 'left');
  const seen: TrainEvent[] = [];
  const subscription = source.pipe(toRedis(publisher)).subscribe((e) => seen.push(e));
  for (const e of cut) source.next(e);
  subscription.unsubscribe();
  assert.not.ok(source.observed, 'the source is let go');
  source.next(run[12]!); // after the unsubscribe: neither passed on nor published
  await publisher.close();
  assert.is(seen.length, cut.length);
  assert.equal(labels(await readFirst('left', cut.length)), labels(cut));
  assert.is(await raw.xlen('gradstream:run:left'), 2, 'the run event and one block: nothing after the unsubscribe');
  raw.disconnect();
});

test('bad arguments are refused naming the argument, the rule and the value', () => {
  assert.throws(() => new RunPublisher(redis.url, 'has space'), (e: Error) => e.message === 'invalid argument. runId must be 1 to 200 characters without whitespace. Value: `"has space"`.');
  assert.throws(() => new RunPublisher(redis.url, 'x', { bufferLimit: 0 }), (e: Error) => e.message === 'invalid argument. bufferLimit must be a positive integer. Value: `0`.');
  assert.throws(() => new RunPublisher(redis.url, 'x', { blockMax: 1.5 }), (e: Error) => e.message === 'invalid argument. blockMax must be a positive integer. Value: `1.5`.');
  assert.throws(() => new RunPublisher(redis.url, 'x', { thread: 'yes' as unknown as boolean }), (e: Error) => e.message === 'invalid argument. thread must be a boolean. Value: `"yes"`.');
  assert.throws(() => new RunPublisher(redis.url, 'x', { prefix: 'a b' }), (e: Error) => e.message === 'invalid argument. prefix must be a string of at most 100 characters without whitespace. Value: `"a b"`.');
  assert.throws(() => fromRedis(redis.url, 'x', { since: -1 }), (e: Error) => e.message === 'invalid argument. since must be a non-negative integer. Value: `-1`.');
});

test.run();
