// sweep --redis with two `gradstream worker` processes on one real redis-server: one worker is killed with SIGKILL
// mid-run; the other claims its job after --claim-idle-ms and resumes it from the checkpoint in Redis. Every run
// ends with the final parameters of a run trained on its own, bit for bit, and every epoch event appears once.
import { setTimeout as sleep } from 'node:timers/promises';
import { parseTrainEvent, type DoneEvent, type TrainEvent } from '@gradstream/events';
import { fromRedis, JobQueue } from '@gradstream/redis';
import { firstValueFrom, toArray } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli, startCli } from './cli.js';
import { useRedis } from './redis-fixture.js';

const fixture = useRedis(test);

/** Starts a worker and collects its stderr (each job's start and end). */
function worker(name: string, extra: string[] = []) {
  const child = fixture.track(startCli(['worker', '--redis', fixture.redis.url, '--claim-idle-ms', '1000', '--name', name, ...extra]));
  const log = { text: '' };
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (log.text += d));
  return { child, log };
}

const N = ['--n', '60000'];
// A worker whose job a test stops or disturbs mid-run trains at most 10,000 steps a second: a batch-10 job (18,000
// steps) then lasts at least 1.8 s, where unpaced it ends ~0.6 s after it starts (the busy worker's job had 100-150 ms
// left, on an idle machine, when a fixed 500 ms wait stopped it). Pacing changes when the steps happen, not their
// numbers: the tests compare them with unpaced `train` runs.
const PACED = ['--steps-per-second', '10000'];

/** Waits until the checkpoint of `runId` is in Redis: its job is under way, ~100 steps in. */
async function checkpointStored(runId: string, prefix?: string): Promise<void> {
  const queue = await JobQueue.open(fixture.redis.url, 'test', prefix === undefined ? {} : { prefix });
  for (const end = Date.now() + 30_000; (await queue.checkpoint(runId)) === undefined; await sleep(10)) {
    if (Date.now() > end) assert.unreachable(`no checkpoint of ${runId} in Redis`);
  }
  queue.close();
}

/** Waits up to 30 s for `ok`, failing with `what`. */
const until = async (what: string, ok: () => boolean) => {
  for (const end = Date.now() + 30_000; !ok(); await sleep(10)) if (Date.now() > end) assert.unreachable(what);
};

test('a worker killed with SIGKILL mid-run: the sweep completes, its run resumed elsewhere, bit for bit, every epoch once', async () => {
  const a = worker('a', PACED);
  const b = worker('b', PACED);
  const sweep = startCli(['sweep', '--redis', fixture.redis.url, '--lr', '0.03,0.3', '--batch-size', '10,100', ...N]);
  fixture.track(sweep);
  let table = '';
  let stderr = '';
  sweep.stdout!.setEncoding('utf8').on('data', (d: string) => (table += d));
  sweep.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const sweepExit = new Promise<number | null>((resolve) => sweep.on('close', (code) => resolve(code)));
  // Kill whichever worker takes a batch-10 run (18,000 steps) first, a while into it…
  const started = (w: ReturnType<typeof worker>, name: string) => new RegExp(`${name}-1: (lr=0\\.\\d+,bs=10,seed=42) started\n(?![\\s\\S]*\\1 done)`).exec(w.log.text)?.[1];
  let killedJob: string | undefined;
  let [victim, survivor] = [a, b];
  for (const end = Date.now() + 30_000; !killedJob; await sleep(10)) {
    if (Date.now() > end) assert.unreachable(`no worker took a batch-10 job: ${a.log.text}${b.log.text}`);
    killedJob = started(a, 'a');
    if (!killedJob && (killedJob = started(b, 'b'))) [victim, survivor] = [b, a];
  }
  const survivorName = survivor === a ? 'a' : 'b';
  // …once it has stored a checkpoint in Redis.
  await checkpointStored(killedJob);
  victim.child.kill('SIGKILL');
  assert.not.match(victim.log.text, `${killedJob} done`, 'the worker was killed in the middle of its job');
  assert.is(await sweepExit, 0, stderr);
  const resumedAt = Number(new RegExp(`${survivorName}-1: ${killedJob.replace(/[.]/g, '\\.')} started from its checkpoint at step (\\d+)`).exec(survivor.log.text)?.[1]);
  assert.ok(resumedAt > 0, `worker ${survivorName} resumed ${killedJob} from its checkpoint in Redis: ${survivor.log.text}`);
  assert.match(table, /lr=0\.3,bs=10,seed=42 +done/);

  for (const [lr, bs] of [['0.03', '10'], ['0.3', '10'], ['0.03', '100'], ['0.3', '100']] as const) {
    const runId = `lr=${lr},bs=${bs},seed=42`;
    const events: TrainEvent[] = await firstValueFrom(fromRedis(fixture.redis.url, runId).pipe(toArray()));
    const steps = events.filter((e) => e.type === 'step').map((e) => (e as { globalStep: number }).globalStep);
    const total = (60000 / Number(bs)) * 3;
    assert.equal(steps, Array.from({ length: total }, (_, i) => i + 1), `${runId}: every step once`);
    assert.equal(events.filter((e) => e.type === 'epoch').map((e) => (e as { epoch: number }).epoch), [1, 2, 3], `${runId}: every epoch once`);
    const alone = await runCli(['train', ...N, '--lr', lr, '--batch-size', bs, '--events']);
    const expected = parseTrainEvent(alone.stdout.trimEnd().split('\n').at(-1)!, 'stdout') as DoneEvent;
    const got = events.at(-1) as DoneEvent;
    assert.is(got.type, 'done');
    assert.equal([got.w, got.b], [expected.w, expected.b], `${runId}: final parameters bit for bit`);
  }
});

test('a diverged job is recorded as failed and not retried; the same sweep again enqueues nothing and prints the same table', async () => {
  worker('c', ['--redis-prefix', 'div:']);
  const first = await runCli(['sweep', '--redis', fixture.redis.url, '--redis-prefix', 'div:', '--lr', '3']);
  assert.is(first.code, 0, first.stderr);
  assert.match(first.stdout, /lr=3,bs=10,seed=42 +diverged/);
  const queue = await JobQueue.open(fixture.redis.url, 'test', { prefix: 'div:' });
  const failures = await queue.failures();
  queue.close();
  assert.equal(Object.keys(failures), ['lr=3,bs=10,seed=42']);
  assert.match(failures['lr=3,bs=10,seed=42']!, /^training diverged at epoch 1/);
  const again = await runCli(['sweep', '--redis', fixture.redis.url, '--redis-prefix', 'div:', '--lr', '3']);
  assert.is(again.code, 0, again.stderr);
  assert.match(again.stderr, '(0 new)');
  assert.is(again.stdout, first.stdout);
});

test('redis-server restarted while a worker trains and a sweep waits (appendonly yes): both go on, the run has each step and epoch once', async () => {
  const w = worker('r', ['--redis-prefix', 'restart:', ...PACED]);
  const sweep = runCli(['sweep', '--redis', fixture.redis.url, '--redis-prefix', 'restart:', '--lr', '0.03', ...N], { timeoutMs: 120_000 });
  await checkpointStored('lr=0.03,bs=10,seed=42', 'restart:');
  assert.not.match(w.log.text, 'done', 'the run is still going when Redis goes away');
  await fixture.redis.restart(300);
  const swept = await sweep;
  assert.is(swept.code, 0, swept.stderr);
  assert.match(swept.stdout, /lr=0\.03,bs=10,seed=42 +done/);
  // The sweep ends on the run's `done` event in Redis; the worker prints its line once it has acknowledged the job,
  // a moment later (a fresh-clone CI run read the log in between).
  await until('the worker prints that it acknowledged its job', () => w.log.text.includes('r-1: lr=0.03,bs=10,seed=42 done'));
  const events: TrainEvent[] = await firstValueFrom(fromRedis(fixture.redis.url, 'lr=0.03,bs=10,seed=42', { prefix: 'restart:' }).pipe(toArray()));
  assert.equal(events.filter((e) => e.type === 'step').map((e) => (e as { globalStep: number }).globalStep), Array.from({ length: 18000 }, (_, i) => i + 1));
  assert.equal(events.filter((e) => e.type === 'epoch').map((e) => (e as { epoch: number }).epoch), [1, 2, 3]);
});

/** Sends `signal` and resolves with the exit code and how long the worker took to exit, in ms. */
function stop(w: ReturnType<typeof worker>, signal: NodeJS.Signals): Promise<{ code: number | null; ms: number }> {
  const sent = performance.now();
  const closed = new Promise<{ code: number | null; ms: number }>((resolve) => w.child.on('close', (code) => resolve({ code, ms: performance.now() - sent })));
  w.child.kill(signal);
  return closed;
}

test('an idle worker blocked waiting for jobs exits at once on SIGTERM (143); one in a job stops it, leaves it pending and exits 143', async () => {
  const idle = worker('idle', ['--redis-prefix', 'idle:']);
  await until('the idle worker waits for jobs', () => idle.log.text.includes('waiting for jobs'));
  await sleep(700); // inside XREADGROUP BLOCK
  const exit = await stop(idle, 'SIGTERM');
  assert.is(exit.code, 143);
  // It took 2,000 ms when ioredis waited for a connection closed twice; 10–20 ms now.
  assert.ok(exit.ms < 1000, `exited ${Math.round(exit.ms)} ms after SIGTERM`);
  assert.is(idle.log.text, 'worker idle: 1 slot, waiting for jobs\n');

  const busy = worker('busy', ['--redis-prefix', 'busy:', ...PACED]);
  const swept = await runCli(['sweep', '--redis', fixture.redis.url, '--redis-prefix', 'busy:', '--detach', '--lr', '0.03', ...N]);
  assert.is(swept.code, 0, swept.stderr);
  await checkpointStored('lr=0.03,bs=10,seed=42', 'busy:'); // training
  assert.not.match(busy.log.text, 'done', 'the job is still going when the worker is stopped');
  assert.is((await stop(busy, 'SIGTERM')).code, 143);
  // As before: the run stops where it is ("left pending" when the signal came while it read from the queue).
  assert.match(busy.log.text, /busy-1: lr=0\.03,bs=10,seed=42 (stopped|left pending: Connection is closed\.)\n$/, busy.log.text);
  const next = worker('next', ['--redis-prefix', 'busy:']);
  await until('another worker takes the pending job', () => next.log.text.includes('next-1: lr=0.03,bs=10,seed=42 started'));
});

test('worker --steps-per-second 1000 paces its job: 2,400 steps take at least 2.4 s, to the numbers of an unpaced run', async () => {
  const w = worker('paced', ['--redis-prefix', 'paced:', '--steps-per-second', '1000']);
  const seen: Record<string, number> = {};
  w.child.stderr!.on('data', (d: string) => {
    for (const word of ['started', 'done']) if (d.includes(word)) seen[word] ??= performance.now();
  });
  const small = ['--lr', '0.03', '--n', '8000']; // 3 epochs of 800 batches of 10
  const swept = await runCli(['sweep', '--redis', fixture.redis.url, '--redis-prefix', 'paced:', ...small]);
  assert.is(swept.code, 0, swept.stderr);
  await until('the worker prints that its job is done', () => seen.done !== undefined);
  // Paced: 2,399 intervals of 1 ms at least (the first step goes at once). Unpaced, the job took 491 ms, most of it
  // loading the trainer.
  const ms = seen.done! - seen.started!;
  assert.ok(ms >= 2300, `the job took ${Math.round(ms)} ms from its start to its end`);
  const events: TrainEvent[] = await firstValueFrom(fromRedis(fixture.redis.url, 'lr=0.03,bs=10,seed=42', { prefix: 'paced:' }).pipe(toArray()));
  const alone = await runCli(['train', ...small, '--events']);
  const expected = parseTrainEvent(alone.stdout.trimEnd().split('\n').at(-1)!, 'stdout') as DoneEvent;
  const got = events.at(-1) as DoneEvent;
  assert.equal([got.type, got.steps, got.w, got.b], ['done', 2400, expected.w, expected.b], 'the final parameters bit for bit');
});

test.run();
