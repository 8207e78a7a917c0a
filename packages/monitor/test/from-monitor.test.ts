import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { firstValueFrom, lastValueFrom, ReplaySubject, Subject, toArray } from 'rxjs';
import type { EpochEvent, StepEvent, TrainEvent } from '@gradstream/events';
import { fromMonitor, serveMonitor, type MonitorServer } from '../src/index.js';
import { follow } from './helpers/follow.js';
import { linregRun } from './helpers/linreg-run.js';

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

test('a client connected from the start receives the whole run, exactly, and completes after done', async () => {
  const events = linregRun();
  const source = new Subject<TrainEvent>();
  const server = await serveMonitor(source);
  try {
    const received = lastValueFrom(fromMonitor(server.wsUrl).pipe(toArray()));
    await until(() => server.stats().clients === 1, 'the client is connected');
    for (const e of events) source.next(e);
    assert.equal(await received, events);
  } finally {
    await server.close();
  }
});

test('a late client gets the run and the epochs so far from the hello, then the live events', async () => {
  const events = linregRun();
  const source = new ReplaySubject<TrainEvent>();
  const cut = 150;
  for (const e of events.slice(0, cut)) source.next(e);
  const server = await serveMonitor(source);
  try {
    const received = lastValueFrom(fromMonitor(server.url).pipe(toArray()));
    await until(() => server.stats().clients === 1, 'the client is connected');
    for (const e of events.slice(cut)) source.next(e);
    const expected = [events[0], ...events.slice(0, cut).filter((e) => e.type === 'epoch'), ...events.slice(cut)];
    assert.equal(await received, expected);
  } finally {
    await server.close();
  }
});

test('after the server restarts mid-run over the same run, the client resumes with no duplicated and no lost event', async () => {
  const events = linregRun();
  const run = new ReplaySubject<TrainEvent>();
  let server: MonitorServer = await serveMonitor(run);
  const port = server.port;
  const { received, done } = follow(server.wsUrl);
  try {
    await until(() => server.stats().clients === 1, 'the client is connected');
    for (const e of events.slice(0, 150)) run.next(e);
    await until(() => received.length === 150, '150 events received');
    await server.close(); // the connection drops (1001)
    for (const e of events.slice(150, 260)) run.next(e); // the run goes on while no server is up
    server = await serveMonitor(run, { port }); // same run, same seq numbers
    await until(() => received.length === 260, 'the client resumed and caught up');
    for (const e of events.slice(260)) run.next(e);
    await done;
    assert.equal(received, events);
  } finally {
    await server.close();
  }
});

test('when the resume point has left the server log, the missed epochs come from a full hello, each once', async () => {
  const events = linregRun(); // 3 epochs of 100 steps
  const run = new ReplaySubject<TrainEvent>();
  let server: MonitorServer = await serveMonitor(run, { logSize: 10 });
  const port = server.port;
  const { received, done } = follow(server.wsUrl);
  try {
    await until(() => server.stats().clients === 1, 'the client is connected');
    for (const e of events.slice(0, 90)) run.next(e);
    await until(() => received.length === 90, '90 events received');
    await server.close();
    for (const e of events.slice(90, 250)) run.next(e); // epoch 1 and epoch 2 end while the client is away
    server = await serveMonitor(run, { port, logSize: 10 });
    await until(() => received.filter((e) => e.type === 'epoch').length === 2, 'the missed epochs arrive');
    for (const e of events.slice(250)) run.next(e);
    await done;
    const epochs = received.filter((e): e is EpochEvent => e.type === 'epoch');
    assert.equal(epochs, events.filter((e) => e.type === 'epoch'));
    assert.is(received.filter((e) => e.type === 'run').length, 1);
    assert.is(received.filter((e) => e.type === 'done').length, 1);
    const steps = received.filter((e): e is StepEvent => e.type === 'step').map((e) => e.globalStep);
    assert.ok(steps.every((s, i) => i === 0 || s > steps[i - 1]), 'no step twice, in order');
    assert.ok(steps.length < 300, 'the gap steps were skipped');
  } finally {
    await server.close();
  }
});

test('a refused token errors at once with the status; reconnect: false errors when the connection drops', async () => {
  const source = new Subject<TrainEvent>();
  const server = await serveMonitor(source, { token: 'letmein' });
  try {
    const bare = `ws://127.0.0.1:${server.port}/`;
    const refused = await firstValueFrom(fromMonitor(bare, { token: 'nope' })).then(
      () => 'no error',
      (err: Error) => err.message,
    );
    assert.is(refused, `fromMonitor: the server at 127.0.0.1:${server.port} refused the connection: 401 Unauthorized`);

    const dropped = firstValueFrom(fromMonitor(bare, { token: 'letmein', reconnect: false })).then(
      () => 'no error',
      (err: Error) => err.message,
    );
    await until(() => server.stats().clients === 1, 'the client is connected');
    await server.close();
    assert.is(await dropped, `fromMonitor: the connection to 127.0.0.1:${server.port} closed (code 1001) before the run finished.`);
  } finally {
    await server.close();
  }
});

test('arguments are validated', () => {
  assert.throws(() => fromMonitor('ftp://x/'), (err: Error) => err.message === 'invalid argument. url must be a ws:, wss:, http: or https: URL. Value: `ftp://x/`.');
  assert.throws(() => fromMonitor('not a url'), (err: Error) => err.message === 'invalid argument. url must be a ws:, wss:, http: or https: URL. Value: `not a url`.');
  assert.throws(() => fromMonitor('ws://x/', { reconnect: { delayMs: -5 } }), (err: Error) => err.message === 'invalid argument. reconnect.delayMs must be a non-negative number. Value: `-5`.');
  assert.throws(() => fromMonitor('ws://x/', { maxHz: 0 }), (err: Error) => err.message === 'invalid argument. maxHz must be a positive number. Value: `0`.');
});

test.run();
