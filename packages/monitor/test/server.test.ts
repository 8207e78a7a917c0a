import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Subject } from 'rxjs';
import WebSocket from 'ws';
import type { TrainEvent } from '@gradstream/events';
import { serveMonitor, type EventFrame, type HelloFrame, type ServerFrame } from '../src/index.js';
import { dashboardAssets } from '../src/dashboard-assets.js';
import { linregRun } from './helpers/linreg-run.js';
import { connect, roundTrip, upgradeStatus } from './helpers/ws-client.js';

const isEvent = (f: ServerFrame): f is EventFrame => 'seq' in f && f.type !== 'hello';
const isDone = (f: ServerFrame) => f.type === 'done';

test('an early and a late client (joining after 1,000 steps) see the same epochs and the planted loss spike', async () => {
  const events = linregRun({ epochs: 12, spikeAt: 437, spikeLoss: 1234.5 });
  const source = new Subject<TrainEvent>();
  const server = await serveMonitor(source, { historySize: 40 });
  try {
    const early = await connect(server.wsUrl);
    await early.waitFor((f) => f.type === 'hello');
    const cut = events.findIndex((e) => e.type === 'step' && e.globalStep === 1000) + 1;
    for (const e of events.slice(0, cut)) source.next(e);

    const late = await connect(server.wsUrl);
    const hello = (await late.waitFor((f) => f.type === 'hello')) as HelloFrame;
    for (const e of events.slice(cut)) source.next(e);
    await Promise.all([early.waitFor(isDone, 'done'), late.waitFor(isDone, 'done')]);

    // The early client got every event once, numbered 1..n in order.
    const earlyEvents = early.frames.filter(isEvent);
    assert.equal(earlyEvents.map((f) => f.seq), events.map((_, i) => i + 1));
    assert.equal(earlyEvents.map(({ seq: _s, ...e }) => e), events);

    // The late client's hello holds the run so far; live events continue right after hello.seq.
    assert.is(hello.seq, cut);
    assert.is(hello.protocol, 1);
    assert.is(hello.schema, 1);
    assert.equal(hello.run, events[0]);
    assert.is(hello.latest?.globalStep, 1000);
    const lateEvents = late.frames.filter(isEvent);
    assert.is(lateEvents[0].seq, cut + 1);
    const epochsOf = (frames: ServerFrame[]) => frames.filter((f) => f.type === 'epoch').map(({ seq: _s, ...e }) => e as unknown);
    assert.equal([...hello.epochs, ...epochsOf(lateEvents)], epochsOf(earlyEvents));
    assert.is(epochsOf(earlyEvents).length, 12);

    // History: at most historySize buckets over steps 1..1000, each the min/max/last of its range, with the spike.
    const losses = events.filter((e) => e.type === 'step').map((e) => (e as { loss: number }).loss);
    assert.ok(hello.history.length <= 40 && hello.history.length >= 20, `${hello.history.length} buckets`);
    assert.is(hello.history[0].fromStep, 1);
    assert.is(hello.history[hello.history.length - 1].toStep, 1000);
    for (const b of hello.history) {
      const slice = losses.slice(b.fromStep - 1, b.toStep);
      assert.equal([b.min, b.max, b.last], [Math.min(...slice), Math.max(...slice), slice[slice.length - 1]]);
    }
    assert.ok(hello.history.some((b) => b.max === 1234.5), 'the spike is in the history');
    assert.ok(earlyEvents.some((f) => f.type === 'step' && f.loss === 1234.5));

    await Promise.all([early.close(), late.close()]);
  } finally {
    await server.close();
  }
});

test('a client resuming past the server seq (server restarted, replay not started) gets exactly the events after it', async () => {
  const events = linregRun();
  const source = new Subject<TrainEvent>();
  const server = await serveMonitor(source);
  try {
    const client = await connect(`${server.wsUrl}?since=120`);
    const hello = (await client.waitFor((f) => f.type === 'hello')) as HelloFrame;
    assert.is(hello.resumedFrom, 120);
    assert.is(hello.seq, 0);
    for (const e of events) source.next(e); // the replay of the same run starts only now
    await client.waitFor(isDone, 'done');
    const received = client.frames.filter(isEvent);
    assert.equal(received.map((f) => f.seq), events.slice(120).map((_, i) => 121 + i));
    assert.equal(received.map(({ seq: _s, ...e }) => e), events.slice(120));
  } finally {
    await server.close();
  }
});

test('a second run in the same stream restarts the numbering; a client joining during it sees only that run', async () => {
  const first = linregRun({ n: 100 });
  const second = linregRun({ n: 200, epochs: 2 }).map((e) => (e.type === 'run' ? { ...e, startedAt: e.startedAt + 1 } : e));
  const source = new Subject<TrainEvent>();
  const server = await serveMonitor(source);
  try {
    const always = await connect(server.wsUrl);
    await always.waitFor((f) => f.type === 'hello');
    for (const e of first) source.next(e);
    for (const e of second.slice(0, 30)) source.next(e);
    const late = await connect(server.wsUrl);
    const hello = (await late.waitFor((f) => f.type === 'hello')) as HelloFrame;
    for (const e of second.slice(30)) source.next(e);
    await late.waitFor(isDone, 'done of the second run');
    await always.waitFor((f) => isDone(f) && (f as EventFrame).seq === second.length, 'done of the second run');
    const seqs = always.frames.filter(isEvent).map((f) => f.seq);
    assert.equal(seqs, [...first.map((_, i) => i + 1), ...second.map((_, i) => i + 1)]);
    assert.equal(hello.run, second[0]);
    assert.is(hello.seq, 30);
    assert.equal(hello.epochs, second.slice(0, 30).filter((e) => e.type === 'epoch'));
    assert.equal(late.frames.filter(isEvent).map(({ seq: _s, ...e }) => e), second.slice(30));
  } finally {
    await server.close();
  }
});

test('a source that errors is reported to clients as the run\'s error event', async () => {
  const source = new Subject<TrainEvent>();
  const server = await serveMonitor(source);
  try {
    source.next(linregRun()[0]);
    source.error(new Error('disk full'));
    const client = await connect(server.wsUrl);
    const hello = (await client.waitFor((f) => f.type === 'hello')) as HelloFrame;
    assert.equal(hello.error, { type: 'error', message: 'disk full' });
    assert.is(hello.seq, 2);
  } finally {
    await server.close();
  }
});

test('HTTP serves the dashboard assets, 404 for anything else, 405 for other methods', async () => {
  const server = await serveMonitor(new Subject<TrainEvent>());
  try {
    const page = (await dashboardAssets()).get('/');
    const res = await fetch(server.url);
    assert.is(res.status, 200);
    assert.is(res.headers.get('content-type'), page?.contentType);
    assert.is(await res.text(), String(page?.body));
    const missing = await fetch(new URL('/no/such/file.js', server.url));
    assert.is(missing.status, 404);
    assert.is(await missing.text(), 'not found: /no/such/file.js\n');
    const post = await fetch(server.url, { method: 'POST', body: 'x' });
    assert.is(post.status, 405);
    await post.text();
  } finally {
    await server.close();
  }
});

test('bad client frames get an error frame naming the problem and the connection stays open', async () => {
  const server = await serveMonitor(new Subject<TrainEvent>());
  try {
    const client = await connect(server.wsUrl);
    const nextError = async (send: string | Buffer) => {
      const before = client.frames.length;
      client.ws.send(send);
      const frame = await client.waitFor((f) => f.type === 'error' && client.frames.indexOf(f) >= before, 'error frame');
      return (frame as { message: string }).message;
    };
    assert.is(await nextError('{"type":'), 'invalid frame. A frame must be one JSON object. Unexpected end of JSON input.');
    assert.is(await nextError('[1,2]'), 'invalid frame. A frame must be one JSON object. Value: `[1,2]`.');
    assert.is(await nextError('{"type":"subscribe-all"}'), 'invalid frame. type must be one of subscribe, ping, pause, resume, step, speed, seek, explain. Value: `"subscribe-all"`.');
    assert.is(await nextError('{"maxHz":3}'), 'invalid frame. type must be one of subscribe, ping, pause, resume, step, speed, seek, explain. Value: `undefined`.');
    assert.is(await nextError('{"type":"subscribe","maxHz":-1}'), 'invalid frame. maxHz must be a number from 0.1 to 1000. Value: `-1`.');
    // A tiny rate used to become a timer delay of 1e303 ms (TimeoutOverflowWarning): now it is refused.
    assert.is(await nextError('{"type":"subscribe","maxHz":1e-300}'), 'invalid frame. maxHz must be a number from 0.1 to 1000. Value: `1e-300`.');
    assert.is(await nextError('{"type":"subscribe","maxHz":1001}'), 'invalid frame. maxHz must be a number from 0.1 to 1000. Value: `1001`.');
    assert.is(await nextError('{"type":"speed","stepsPerSecond":0}'), 'invalid frame. stepsPerSecond must be a number from 0.1 to 100000, or null for as fast as it goes. Value: `0`.');
    assert.is(await nextError('{"type":"seek","step":1.5}'), 'invalid frame. step must be a positive integer (a global step number). Value: `1.5`.');
    assert.is(await nextError('{"type":"explain","step":12}'), 'invalid frame. step must be "current" (only the current step can be explained). Value: `12`.');
    assert.is(await nextError(Buffer.from([1, 2, 3])), 'invalid frame. Frames must be text (JSON), not binary.');
    assert.ok(!client.frames.some((f) => f.type === 'error' && 'seq' in f), 'protocol errors carry no seq');
    await roundTrip(client); // still open and answering
    assert.is(client.ws.readyState, WebSocket.OPEN);
    await client.close();
  } finally {
    await server.close();
  }
});

test('a frame over maxPayload closes the connection with 1009', async () => {
  const server = await serveMonitor(new Subject<TrainEvent>(), { maxPayload: 1024 });
  try {
    const client = await connect(server.wsUrl);
    client.ws.send(JSON.stringify({ type: 'ping', pad: 'x'.repeat(2000) }));
    const { code } = await client.closed;
    assert.is(code, 1009);
  } finally {
    await server.close();
  }
});

test('maxHz caps step frames per second; epochs and done all arrive; other clients still get every step', async () => {
  const events = linregRun({ n: 400, epochs: 3 }); // 120 steps
  const source = new Subject<TrainEvent>();
  const server = await serveMonitor(source);
  try {
    const capped = await connect(server.wsUrl);
    const full = await connect(server.wsUrl);
    capped.ws.send(JSON.stringify({ type: 'subscribe', maxHz: 20 }));
    await roundTrip(capped); // the subscribe frame has been applied
    const t0 = performance.now();
    for (const e of events) {
      source.next(e);
      if (e.type === 'step') await new Promise((resolve) => setTimeout(resolve, 3));
    }
    await Promise.all([capped.waitFor(isDone, 'done'), full.waitFor(isDone, 'done')]);
    const seconds = (performance.now() - t0) / 1000;
    const steps = capped.frames.filter((f) => f.type === 'step').length;
    // Frames at least 50 ms apart inside a window of `seconds`: at most seconds × 20 + 1 of them.
    assert.ok(steps <= Math.floor(seconds * 20) + 1, `${steps} steps in ${seconds.toFixed(3)} s`);
    assert.ok(steps >= 2 && steps < 120, `${steps} steps`);
    assert.equal(capped.frames.filter((f) => f.type === 'epoch').map((f) => (f as { epoch: number }).epoch), [1, 2, 3]);
    const seqs = capped.frames.filter(isEvent).map((f) => f.seq);
    assert.ok(seqs.every((s, i) => i === 0 || s > seqs[i - 1]), 'seq increases');
    assert.is(full.frames.filter((f) => f.type === 'step').length, 120);
    await Promise.all([capped.close(), full.close()]);
  } finally {
    await server.close();
  }
});

test('with a token, an upgrade without it is refused with 401; ?token= and Authorization: Bearer pass', async () => {
  const server = await serveMonitor(new Subject<TrainEvent>(), { token: 's3cret/+' });
  try {
    assert.match(server.url, /\?token=s3cret%2F%2B$/);
    const bare = `ws://127.0.0.1:${server.port}/`;
    assert.is(await upgradeStatus(bare), 401);
    assert.is(await upgradeStatus(`${bare}?token=wrong`), 401);
    assert.is(await upgradeStatus(`${bare}?token=s3cret%2F`), 401);
    assert.is(await upgradeStatus(server.wsUrl), 101);
    assert.is(await upgradeStatus(bare, { headers: { authorization: 'Bearer s3cret/+' } }), 101);
  } finally {
    await server.close();
  }
});

test('allowedOrigins refuses other browser origins with 403; since must be a non-negative integer (400)', async () => {
  const server = await serveMonitor(new Subject<TrainEvent>(), { allowedOrigins: ['http://localhost:5173'] });
  try {
    assert.is(await upgradeStatus(server.wsUrl, { origin: 'http://evil.example' }), 403);
    assert.is(await upgradeStatus(server.wsUrl, { origin: 'http://localhost:5173' }), 101);
    assert.is(await upgradeStatus(server.wsUrl), 101);
    assert.is(await upgradeStatus(`${server.wsUrl}?since=-3`), 400);
    assert.is(await upgradeStatus(`${server.wsUrl}?since=abc`), 400);
  } finally {
    await server.close();
  }
});

test('options are validated with the argument, the rule and the value', async () => {
  const none = new Subject<TrainEvent>();
  const messages: string[] = [];
  for (const options of [{ port: 70000 }, { port: 1.5 }, { historySize: 0 }, { heartbeatMs: -1 }, { token: '' }]) {
    await serveMonitor(none, options).then(
      (s) => s.close(),
      (err: Error) => messages.push(err.message),
    );
  }
  assert.equal(messages, [
    'invalid argument. port must be an integer from 0 to 65535. Value: `70000`.',
    'invalid argument. port must be an integer from 0 to 65535. Value: `1.5`.',
    'invalid argument. historySize must be a positive integer. Value: `0`.',
    'invalid argument. heartbeatMs must be a positive integer. Value: `-1`.',
    'invalid argument. token must be a non-empty string. Value: `""`.',
  ]);
  const answer = await serveMonitor(null as never).then(
    async (s) => {
      await s.close();
      return 'it served';
    },
    (err: Error) => err.message,
  );
  assert.is(answer, 'invalid argument. events$ must be an Observable of TrainEvents. Value: `null`.');
});


test.run();
