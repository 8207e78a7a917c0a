// `gradstream train --redis URL` against a real redis-server: the run's events land in Redis once, a rerun and a
// resumed run add nothing twice, and a redis-server restarted mid-run loses nothing.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseTrainEvent, type TrainEvent } from '@gradstream/events';
import { fromRedis } from '@gradstream/redis';
import { firstValueFrom, toArray } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startRedis, type RedisServer } from '../../../packages/redis/test/helpers/redis-server.js';
import { runCli, startCli } from './cli.js';

let redis: RedisServer;
const tmp = mkdtempSync(join(tmpdir(), 'gradstream-cli-redis-'));
test.before(async () => {
  redis = await startRedis();
});
test.after(async () => {
  await redis.stop();
  rmSync(tmp, { recursive: true, force: true });
});

const stored = (runId: string) => firstValueFrom(fromRedis(redis.url, runId).pipe(toArray()));
const ndjson = (stdout: string): TrainEvent[] => stdout.trimEnd().split('\n').map((line, i) => parseTrainEvent(line, `stdout:${i + 1}`));
/** The run's numbers, without the clock: elapsed times and start times differ between runs. */
const numbers = (events: TrainEvent[]) => events.filter((e) => e.type === 'step' || e.type === 'epoch' || e.type === 'done').map(({ elapsedMs, ...rest }: TrainEvent & { elapsedMs?: number }) => rest);
const steps = (events: TrainEvent[]) => events.filter((e) => e.type === 'step').map((e) => (e as { globalStep: number }).globalStep);
const epochs = (events: TrainEvent[]) => events.filter((e) => e.type === 'epoch').map((e) => (e as { epoch: number }).epoch);
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

test('train --redis stores the run under a readable id, event for event what --events prints; a rerun stores nothing twice', async () => {
  const first = await runCli(['train', '--events', '--redis', redis.url]);
  assert.is(first.code, 0, first.stderr);
  assert.match(first.stderr, `redis: run lr=0.03,bs=10,seed=42 in ${redis.url}: 308 events stored\n`);
  assert.equal(await stored('lr=0.03,bs=10,seed=42'), ndjson(first.stdout));
  const again = await runCli(['train', '--redis', redis.url]);
  assert.is(again.code, 0, again.stderr);
  assert.match(again.stdout, 'redis: run lr=0.03,bs=10,seed=42 in ' + redis.url + ': 0 events stored, 308 already there\n');
  assert.equal(await stored('lr=0.03,bs=10,seed=42'), ndjson(first.stdout));
});

test('--run-id and --redis-prefix name the stream', async () => {
  const r = await runCli(['train', '--epochs', '1', '--redis', redis.url, '--redis-prefix', 'proj:', '--run-id', 'mine']);
  assert.is(r.code, 0, r.stderr);
  const events = await firstValueFrom(fromRedis(redis.url, 'mine', { prefix: 'proj:' }).pipe(toArray()));
  assert.equal(steps(events), range(100));
});

test('a run of other settings under a run id Redis holds is refused, naming what differs; the stored run is unchanged', async () => {
  const first = await runCli(['train', '--epochs', '1', '--redis', redis.url, '--redis-prefix', 'other:']);
  assert.is(first.code, 0, first.stderr);
  const other = await runCli(['train', '--epochs', '2', '--redis', redis.url, '--redis-prefix', 'other:']);
  assert.is(other.code, 1);
  assert.match(other.stderr, 'gradstream: cannot publish run lr=0.03,bs=10,seed=42 to Redis: this run id is in Redis with other settings (epochs: 1 there, 2 here). Give this run another id (--run-id), or another prefix (--redis-prefix).');
  const events = await firstValueFrom(fromRedis(redis.url, 'lr=0.03,bs=10,seed=42', { prefix: 'other:' }).pipe(toArray()));
  assert.equal(steps(events), range(100));
});

test('kill -9 mid-run, then --resume with --redis: every step and epoch once, numbers bit for bit those of an uninterrupted run', async () => {
  const RUN = ['--n', '20000', '--epochs', '3', '--seed', '7'];
  const whole = await runCli(['train', ...RUN, '--redis', redis.url, '--run-id', 'whole']);
  assert.is(whole.code, 0, whole.stderr);
  const checkpoint = join(tmp, 'run.ckpt.json');
  const child = startCli(['train', ...RUN, '--redis', redis.url, '--run-id', 'killed', '--checkpoint', checkpoint, '--checkpoint-every', '500', '--steps-per-second', '2000']);
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));
  while (!existsSync(checkpoint)) await sleep(5);
  await sleep(400); // a few hundred steps past the checkpoint are in Redis already
  child.kill('SIGKILL');
  assert.is(await exited, 'SIGKILL', 'the run must still have been going when killed');
  const resumed = await runCli(['train', '--resume', checkpoint, '--redis', redis.url, '--run-id', 'killed']);
  assert.is(resumed.code, 0, resumed.stderr);
  const replayed = Number(/(\d+) already there/.exec(resumed.stdout)?.[1] ?? 0);
  assert.ok(replayed > 1, `the resumed run replayed steps already published (${replayed} skipped)`);
  const killed = await stored('killed');
  const uninterrupted = await stored('whole');
  assert.equal(steps(killed), range(6000));
  assert.equal(epochs(killed), [1, 2, 3]);
  assert.equal(numbers(killed), numbers(uninterrupted));
});

test('redis-server restarted mid-run (appendonly yes): the run completes and Redis has every step and epoch once', async () => {
  const child = startCli(['train', '--n', '2000', '--epochs', '3', '--redis', redis.url, '--run-id', 'restarted', '--steps-per-second', '400']);
  let stdout = '';
  child.stdout!.on('data', (d) => (stdout += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  await sleep(700);
  await redis.restart(300);
  assert.is(await exited, 0, stdout);
  const events = await stored('restarted');
  assert.equal(steps(events), range(600));
  assert.equal(epochs(events), [1, 2, 3]);
  assert.is(events.at(-1)!.type, 'done');
  assert.match(stdout, /redis: run restarted in redis:\/\/127\.0\.0\.1:\d+: \d+ events stored/);
});

test.run();
