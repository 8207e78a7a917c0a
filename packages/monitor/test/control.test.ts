// The control channel against a real monitor: a live producer (test/helpers/gate.ts) paced by timers,
// a controlling client and a read-only one, real `ws` sockets on 127.0.0.1.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Subject } from 'rxjs';
import type { TrainEvent } from '@gradstream/events';
import { serveMonitor, type ControlFrame, type HelloFrame, type ServerFrame } from '../src/index.js';
import { gate } from './helpers/gate.js';
import { linregRun } from './helpers/linreg-run.js';
import { connect, roundTrip, type RecordingClient } from './helpers/ws-client.js';

const isControl = (f: ServerFrame): f is ControlFrame => f.type === 'control';
const stepsOf = (c: RecordingClient) => c.frames.filter((f) => f.type === 'step').length;
const errorsOf = (c: RecordingClient) => c.frames.filter((f) => f.type === 'error' && !('seq' in f)).map((f) => (f as { message: string }).message);

/** Sends a command and waits until the server has processed it (a ping behind it came back). */
async function send(client: RecordingClient, frame: object): Promise<void> {
  client.ws.send(JSON.stringify(frame));
  await roundTrip(client);
}

test('a controlling client pauses, steps, changes speed and resumes; every client gets each control frame', async () => {
  const run = gate(linregRun({ n: 400, epochs: 2 }), { stepsPerSecond: 200 }); // 80 steps
  const server = await serveMonitor(run.events$, { control: run, controlToken: 'key-1' });
  try {
    assert.match(server.url, /\?control=key-1$/);
    assert.not.match(server.viewUrl, /control/);
    const boss = await connect(server.wsUrl);
    const viewer = await connect(server.viewUrl.replace('http:', 'ws:'));
    const hello = (await boss.waitFor((f) => f.type === 'hello')) as HelloFrame;
    assert.equal(hello.control, { paused: false, stepsPerSecond: 200, canSeek: false, canControl: true });
    assert.equal(((await viewer.waitFor((f) => f.type === 'hello')) as HelloFrame).control, { paused: false, stepsPerSecond: 200, canSeek: false, canControl: false });
    run.start();
    await boss.waitFor((f) => f.type === 'step', 'a first step');

    await send(boss, { type: 'pause' });
    await viewer.waitFor((f) => isControl(f) && f.paused, 'the pause, at the viewer');
    await roundTrip(boss); // the last step in flight has arrived
    const emittedAtPause = run.emitted;
    const seenAtPause = stepsOf(boss);
    await send(boss, { type: 'step' });
    await send(boss, { type: 'step' });
    await boss.waitFor(() => stepsOf(boss) >= seenAtPause + 2, 'two single steps');
    assert.is(run.emitted, emittedAtPause + 2, 'one event per step while paused');
    assert.is(stepsOf(boss), seenAtPause + 2);

    await send(boss, { type: 'speed', stepsPerSecond: null });
    await send(boss, { type: 'resume' });
    await Promise.all([boss.waitFor((f) => f.type === 'done', 'done'), viewer.waitFor((f) => f.type === 'done', 'done')]);
    const expected = [
      { type: 'control', paused: true, stepsPerSecond: 200, canSeek: false },
      { type: 'control', paused: true, stepsPerSecond: null, canSeek: false },
      { type: 'control', paused: false, stepsPerSecond: null, canSeek: false },
    ];
    assert.equal(boss.frames.filter(isControl), expected);
    assert.equal(viewer.frames.filter(isControl), expected);
    assert.equal(run.applied.map((c) => c.type), ['pause', 'step', 'step', 'speed', 'resume']);
    assert.is(stepsOf(viewer), 80, 'the read-only viewer saw the whole run');
    assert.equal(errorsOf(boss), []);
  } finally {
    run.stop();
    await server.close();
  }
});

test('a read-only client gets an error frame for each control attempt and nothing changes', async () => {
  const run = gate(linregRun({ n: 100, epochs: 1 }), { paused: true });
  const server = await serveMonitor(run.events$, { control: run, controlToken: 'key-2', token: 'watch' });
  try {
    assert.is(server.viewUrl, `http://127.0.0.1:${server.port}/?token=watch`);
    assert.is(server.url, `http://127.0.0.1:${server.port}/?token=watch&control=key-2`);
    const wrongKey = await connect(`ws://127.0.0.1:${server.port}/?token=watch&control=key-3`);
    const noKey = await connect(`ws://127.0.0.1:${server.port}/?token=watch`);
    const commands = [{ type: 'pause' }, { type: 'resume' }, { type: 'step' }, { type: 'speed', stepsPerSecond: 5 }, { type: 'explain', step: 'current' }, { type: 'seek', step: 3 }];
    for (const client of [wrongKey, noKey]) {
      assert.is(((await client.waitFor((f) => f.type === 'hello')) as HelloFrame).control?.canControl, false);
      for (const c of commands) await send(client, c);
      const readOnly = 'control refused: this connection is read-only (open the dashboard URL with its control key)';
      assert.equal(errorsOf(client), commands.map(() => readOnly));
    }
    assert.equal(run.applied, []);
    assert.is(run.emitted, 0);
    assert.ok(![...wrongKey.frames, ...noKey.frames].some(isControl), 'no state change was broadcast');
  } finally {
    run.stop();
    await server.close();
  }
});

test('refusals name why: no RunControl, a live run cannot seek, the producer refused', async () => {
  const plain = await serveMonitor(new Subject<TrainEvent>());
  const run = gate(linregRun({ n: 50, epochs: 1 }));
  const live = await serveMonitor(run.events$, { control: run });
  try {
    const a = await connect(plain.wsUrl);
    assert.is(((await a.waitFor((f) => f.type === 'hello')) as HelloFrame).control, null);
    await send(a, { type: 'pause' });
    const b = await connect(live.wsUrl);
    assert.is(((await b.waitFor((f) => f.type === 'hello')) as HelloFrame).control?.canControl, true, 'no controlToken: every accepted client controls');
    await send(b, { type: 'seek', step: 2 });
    await send(b, { type: 'step' });
    assert.equal(errorsOf(a), ['control refused: this run cannot be controlled (the monitor was started without a RunControl)']);
    assert.equal(errorsOf(b), ['control refused: this run cannot seek (only a recording can)', 'control refused: step needs a paused run: pause first']);
  } finally {
    run.stop();
    await Promise.all([plain.close(), live.close()]);
  }
});

test('control options are validated: a RunControl, a state$ that gives its state, a controlToken unlike the token', async () => {
  const none = new Subject<TrainEvent>();
  const messages: string[] = [];
  const silent = { state$: new Subject(), apply() {} };
  for (const options of [{ control: {} }, { control: silent }, { token: 'a', controlToken: 'a' }, { controlToken: '' }, { allowedOrigins: ['http://x.test/path'] }]) {
    await serveMonitor(none, options as never).then(
      (s) => s.close(),
      (err: Error) => messages.push(err.message),
    );
  }
  assert.equal(messages, [
    'invalid argument. control must be a RunControl ({ state$: Observable<ControlState>, apply(command) }). Value: `[object Object]`.',
    'invalid argument. control.state$ must emit the current state when subscribed (as a BehaviorSubject does). Value: no state.',
    'invalid argument. controlToken must differ from token (otherwise every viewer could control). Value: the same string.',
    'invalid argument. controlToken must be a non-empty string. Value: `""`.',
    'invalid argument. allowedOrigins must hold origins such as "http://localhost:5173" (scheme, host and port; no path). Value: `"http://x.test/path"`.',
  ]);
});

test('firstViewer() resolves once a client has its hello, and rejects when the server closes first', async () => {
  const server = await serveMonitor(new Subject<TrainEvent>());
  let viewed = false;
  const first = server.firstViewer().then(() => (viewed = true));
  await new Promise((resolve) => setImmediate(resolve));
  assert.is(viewed, false);
  const client = await connect(server.wsUrl);
  await first;
  await client.waitFor((f) => f.type === 'hello');
  await server.firstViewer(); // already resolved for later callers
  await server.close();
  const lonely = await serveMonitor(new Subject<TrainEvent>());
  const outcome = lonely.firstViewer().then(() => 'resolved', (err: Error) => err.message);
  await lonely.close();
  assert.is(await outcome, 'the monitor closed before any viewer connected');
});

test.run();
