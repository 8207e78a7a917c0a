// `gradstream train --redis URL` stopped before its end, against a real redis-server and real processes: Ctrl-C,
// SIGTERM and a reader that goes away (`--events | head -1`) each leave the run in Redis up to where it stopped,
// ended by the `error` event a monitor shows as interrupted; a wrong password fails before the first batch.
import { once } from 'node:events';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TrainEvent } from '@gradstream/events';
import { fromRedis } from '@gradstream/redis';
import { Redis } from 'ioredis';
import { firstValueFrom, first, lastValueFrom, takeWhile, timeout, toArray } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startRedis } from '../../../packages/redis/test/helpers/redis-server.js';
import { useRedis } from './redis-fixture.js';
import { runCli, startCli } from './cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'gradstream-cli-redis-stop-'));
const fixture = useRedis(test, () => rmSync(tmp, { recursive: true, force: true }));
/** Long enough to be stopped midway: 100,000 steps, paced so it lasts 20 s at most. */
const LONG = ['--n', '1000000', '--epochs', '1', '--steps-per-second', '5000'];

/** The run's events up to its first `error` or `done` (fromRedis goes on after an interruption: the run may be resumed); fails after 10 s without one. */
const stored = (runId: string) =>
  lastValueFrom(fromRedis(fixture.redis.url, runId).pipe(timeout(10_000), takeWhile((e) => e.type !== 'error' && e.type !== 'done', true), toArray()));
const firstStep = (runId: string) => firstValueFrom(fromRedis(fixture.redis.url, runId).pipe(first((e) => e.type === 'step')));
const steps = (events: TrainEvent[]) => events.filter((e) => e.type === 'step').map((e) => (e as { globalStep: number }).globalStep);
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

function collect(child: ChildProcess): { out: () => string; err: () => string; exited: Promise<[number | null, NodeJS.Signals | null]> } {
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  return { out: () => out, err: () => err, exited: once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]> };
}

/** Redis holds the run from its `run` event, every step up to the last, then the interrupted marker; returns that step. */
function assertStoppedRun(events: TrainEvent[], by: string): number {
  assert.is(events[0]!.type, 'run');
  const last = events.at(-1)!;
  assert.is(last.type, 'error');
  const at = (last as { globalStep: number }).globalStep;
  assert.ok(at > 0 && at < 100_000, `stopped midway (step ${at}): ${JSON.stringify(events.slice(-3))}`);
  assert.equal(last, { type: 'error', message: `interrupted by ${by} after ${at} steps`, globalStep: at });
  assert.equal(steps(events), range(at));
  assert.not.ok(events.some((e) => e.type === 'done'));
  return at;
}

for (const [signal, by, code] of [['SIGINT', 'Ctrl-C', 130], ['SIGTERM', 'SIGTERM', 143]] as const) {
  test(`${signal}: the steps it queued are stored, then the error "interrupted by ${by} after N steps"; exit ${code}`, async () => {
    const runId = `stopped-${signal}`;
    const child = fixture.track(startCli(['train', ...LONG, '--redis', fixture.redis.url, '--run-id', runId]));
    const io = collect(child);
    await firstStep(runId);
    child.kill(signal);
    const [exitCode] = await io.exited;
    assert.is(exitCode, code, io.err());
    const events = await stored(runId);
    const at = assertStoppedRun(events, by);
    assert.match(io.err(), `gradstream: interrupted by ${by} after ${at} steps.\n`);
    assert.match(io.out(), new RegExp(`redis: run ${runId} in redis://127\\.0\\.0\\.1:\\d+: ${events.length} events stored\\n`));
  });
}

test('--events | head -1: a reader that goes away stops the run, stored up to there and marked interrupted; exit 0', async () => {
  const runId = 'stopped-pipe';
  const child = fixture.track(startCli(['train', ...LONG, '--events', '--redis', fixture.redis.url, '--run-id', runId]));
  const io = collect(child);
  // Read until the first step's line has come (the run waits for Redis first), then close the pipe as `head` does.
  while (!io.out().includes('"type":"step"')) await once(child.stdout!, 'data');
  // A reader that stops reading before it goes away: the run waits for the full pipe to drain when it closes.
  child.stdout!.pause();
  await sleep(500);
  child.stdout!.destroy();
  const [exitCode] = await io.exited;
  assert.is(exitCode, 0, io.err());
  assertStoppedRun(await stored(runId), 'a closed stdout');
  assert.not.match(io.err(), /EPIPE|Error/);
});

test('--events | head -1 on the 300-step lesson: a run that ended before the closed stdout was noticed keeps its done, with no marker after it', async () => {
  for (let k = 0; k < 3; k++) {
    const runId = `short-pipe-${k}`;
    const child = fixture.track(startCli(['train', '--events', '--redis', fixture.redis.url, '--run-id', runId]));
    const io = collect(child);
    while (!io.out().includes('\n')) await once(child.stdout!, 'data');
    child.stdout!.destroy(); // what head -1 does after its line
    const [exitCode] = await io.exited;
    assert.is(exitCode, 0, io.err());
    const events = await lastValueFrom(fromRedis(fixture.redis.url, runId).pipe(timeout(10_000), takeWhile((e) => e.type !== 'done' && !(e.type === 'error'), true), toArray()));
    const last = events.at(-1)!;
    // Either it ended (done last, nothing after) or it was stopped (the marker, no done): never both.
    if (last.type === 'done') assert.is(await lastEntryType(runId), 'done', 'nothing stored after done');
    else assertStoppedRun(events, 'a closed stdout');
  }
});

/** The type of the last event the run's stream holds (its last entry is a JSON event: a block of steps never ends a run). */
async function lastEntryType(runId: string): Promise<string> {
  const client = new Redis(fixture.redis.url);
  try {
    const [[, fields]] = (await client.xrevrange(`gradstream:run:${runId}`, '+', '-', 'COUNT', 1)) as [string, string[]][];
    return fields![0] === 'e' ? (JSON.parse(fields![1]!) as TrainEvent).type : 'a block of steps';
  } finally {
    client.disconnect();
  }
}

/** A TCP proxy to Redis that holds what clients send until `release()`; `connected` resolves on the first client. */
async function holdingProxy(port: number) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let connected!: () => void;
  const first = new Promise<void>((resolve) => (connected = resolve));
  const sockets: Socket[] = [];
  const server = createServer((client) => {
    const upstream = createConnection(port, '127.0.0.1');
    sockets.push(client, upstream);
    connected();
    void released.then(() => client.pipe(upstream).pipe(client));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const close = () => {
    for (const s of sockets) s.destroy();
    server.close();
  };
  return { url: `redis://127.0.0.1:${(server.address() as AddressInfo).port}`, connected: first, release, close };
}

test('Ctrl-C while Redis registers the run (held after its first batch): the marker comes after the published step 1', async () => {
  const proxy = await holdingProxy(fixture.redis.port);
  try {
    const child = fixture.track(startCli(['train', ...LONG, '--redis', proxy.url, '--run-id', 'stopped-held']));
    const io = collect(child);
    await proxy.connected; // the publisher connects at the run's first event, made by its first batch
    await sleep(200);
    child.kill('SIGINT');
    await sleep(200);
    proxy.release();
    assert.is((await io.exited)[0], 130, io.err());
    const events = await stored('stopped-held');
    assert.equal(steps(events), [1]);
    assert.equal(events.at(-1), { type: 'error', message: 'interrupted by Ctrl-C after 1 steps', globalStep: 1 });
    assert.match(io.err(), 'gradstream: interrupted by Ctrl-C after 1 steps.\n');
    assert.not.match(io.out(), 'epoch');
  } finally {
    proxy.close();
  }
});

test('Ctrl-C with redis-server gone: the run waits 2 s for it, says how many events were not stored, exits 130', async () => {
  const own = await startRedis();
  try {
    const child = fixture.track(startCli(['train', ...LONG, '--redis', own.url, '--run-id', 'stopped-away']));
    const io = collect(child);
    await firstValueFrom(fromRedis(own.url, 'stopped-away').pipe(first((e) => e.type === 'step')));
    await own.halt();
    child.kill('SIGINT');
    const signalled = performance.now();
    assert.is((await io.exited)[0], 130, io.err());
    const waited = performance.now() - signalled;
    assert.ok(waited >= 2000 && waited < 10_000, `exited ${Math.round(waited)} ms after the signal`);
    assert.match(io.out(), /redis: run stopped-away in redis:\/\/127\.0\.0\.1:\d+: \d+ events stored, \d+ not stored \(Redis did not answer within 2 s\)\n/);
  } finally {
    await own.stop();
  }
});

test('Ctrl-C, then --resume: the run goes on in the same stream past its interrupted marker and ends with done; every step once', async () => {
  const runId = 'resumed';
  const checkpoint = join(tmp, 'run.ckpt.json');
  const child = fixture.track(startCli(['train', '--n', '200000', '--epochs', '1', '--steps-per-second', '5000', '--checkpoint', checkpoint, '--redis', fixture.redis.url, '--run-id', runId]));
  const io = collect(child);
  await firstStep(runId);
  child.kill('SIGINT');
  assert.is((await io.exited)[0], 130, io.err());
  const at = assertStoppedRun(await stored(runId), 'Ctrl-C');
  // What the stop said to do, run as said (a review found the hint without --redis: the resumed run left Redis behind).
  const hint = /continue with `gradstream (train --resume [^`]+)`/.exec(io.err())?.[1];
  assert.ok(hint?.endsWith(`--redis ${fixture.redis.url} --run-id ${runId}`), io.err());
  const resumed = await runCli(hint!.split(' '));
  assert.is(resumed.code, 0, resumed.stderr);
  // Read from the start, fromRedis passes the marker and completes after `done`.
  const events = await lastValueFrom(fromRedis(fixture.redis.url, runId).pipe(toArray()));
  assert.equal(steps(events), range(20_000));
  assert.equal(events.filter((e) => e.type === 'error'), [{ type: 'error', message: `interrupted by Ctrl-C after ${at} steps`, globalStep: at }]);
  assert.is(events.at(-1)!.type, 'done');
});

test.run();
