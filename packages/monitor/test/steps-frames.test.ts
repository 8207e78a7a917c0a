// Issue 18, the monitor firehose: a client that connects with `?batch=1` gets its steps in `steps` frames
// (one per run of consecutive steps of a broadcast, the same bytes for every such client), and decoding them
// gives exactly the step frames a v1 client of the same server gets, in the same order. v1 clients (no
// `?batch`) never see a `steps` frame. Real server, real `ws` clients, a real (tiny) training run.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Subject } from 'rxjs';
import WebSocket from 'ws';
import type { TrainEvent } from '@gradstream/events';
import { decodeSteps, serveMonitor, type EventFrame, type ServerFrame, type StepsFrame } from '../src/index.js';
import { linregRun } from './helpers/linreg-run.js';
import { connect } from './helpers/ws-client.js';

type AnyFrame = ServerFrame | StepsFrame;
const isDone = (f: AnyFrame) => f.type === 'done';
/** Every event frame a client got, `steps` frames decoded into their step frames. */
const eventsOf = (frames: readonly AnyFrame[]): EventFrame[] =>
  frames.flatMap((f) => (f.type === 'steps' ? decodeSteps(f) : 'seq' in f && f.type !== 'hello' ? [f as EventFrame] : []));

test('a ?batch=1 client decodes to the same events, in order, as a v1 client; v1 frames are unchanged', async () => {
  const source = new Subject<TrainEvent>();
  const server = await serveMonitor(source);
  try {
    const v1 = await connect(server.wsUrl);
    const batched = await connect(`${server.wsUrl}?batch=1`);
    const again = await connect(`${server.wsUrl}?batch=0`);
    await Promise.all([v1, batched, again].map((c) => c.waitFor((f) => f.type === 'hello', 'hello')));
    const events = linregRun({ n: 2000, epochs: 2 }); // 400 steps
    for (let i = 0; i < events.length; i++) {
      source.next(events[i]);
      if (i % 150 === 0) await new Promise((resolve) => setImmediate(resolve)); // broadcasts that end mid-epoch
    }
    await Promise.all([v1, batched, again].map((c) => c.waitFor(isDone, 'done')));
    const batchFrames = batched.frames as AnyFrame[];
    const v1Events = v1.frames.filter((f): f is EventFrame => 'seq' in f && f.type !== 'hello');
    // v1: one frame per event, each the event plus its seq, and no steps frame.
    assert.equal(v1Events, events.map((e, i) => ({ ...e, seq: i + 1 })));
    assert.not.ok((v1.frames as AnyFrame[]).some((f) => f.type === 'steps'));
    assert.equal(again.frames, v1.frames);
    // batch: no step frame, every step in a steps frame, the same events in the same order.
    assert.not.ok(batchFrames.some((f) => f.type === 'step'));
    assert.equal(eventsOf(batchFrames), v1Events);
    const stepsFrames = batchFrames.filter((f) => f.type === 'steps').length;
    console.log(`  ${events.length} events: ${v1Events.length} frames to a v1 client, ${batchFrames.length - 1} to a ?batch=1 client (${stepsFrames} steps frames)`);
    assert.ok(stepsFrames >= 4 && stepsFrames <= 10, `${stepsFrames} steps frames`);
  } finally {
    await server.close();
  }
});

test('a burst of 1,200 steps in one turn goes out as steps frames of at most 512', async () => {
  const source = new Subject<TrainEvent>();
  const server = await serveMonitor(source);
  try {
    const client = await connect(`${server.wsUrl}?batch=1`);
    await client.waitFor((f) => f.type === 'hello', 'hello');
    for (const e of linregRun({ n: 12_000, epochs: 1 })) source.next(e); // one synchronous burst
    await client.waitFor(isDone, 'done');
    const sizes = (client.frames as AnyFrame[]).flatMap((f) => (f.type === 'steps' ? [f.rows.length] : []));
    assert.equal(sizes, [512, 512, 176]);
  } finally {
    await server.close();
  }
});

test('a ?batch=1 client resuming with since gets the missed steps batched after its seq', async () => {
  const events = linregRun({ n: 300, epochs: 1 }); // 30 steps
  const source = new Subject<TrainEvent>();
  const live = await serveMonitor(source);
  try {
    for (const e of events) source.next(e);
    await new Promise((resolve) => setImmediate(resolve));
    const client = await connect(`${live.wsUrl}?since=10&batch=1`);
    await client.waitFor(isDone, 'done');
    const frames = client.frames as AnyFrame[];
    assert.is(frames[0].type, 'hello');
    assert.is((frames[0] as { resumedFrom?: number }).resumedFrom, 10);
    assert.equal(eventsOf(frames), events.slice(10).map((e, i) => ({ ...e, seq: i + 11 })));
    assert.ok(frames.some((f) => f.type === 'steps'));
    assert.not.ok(frames.some((f) => f.type === 'step'));
  } finally {
    await live.close();
  }
});

test('batch must be 0 or 1 (400 naming the value)', async () => {
  const server = await serveMonitor(new Subject<TrainEvent>());
  try {
    const answer = await new Promise<{ status: number; body: string }>((resolve) => {
      const ws = new WebSocket(`${server.wsUrl}?batch=yes`);
      ws.on('error', () => {});
      ws.on('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
    });
    assert.equal(answer, { status: 400, body: 'batch must be 0 or 1. Value: `yes`.\n' });
  } finally {
    await server.close();
  }
});

test('decodeSteps names what is wrong with a malformed frame', () => {
  const frame = (rows: unknown[][]) => ({ type: 'steps', fromSeq: 3, keys: ['epoch', 'loss'], rows }) as StepsFrame;
  assert.throws(() => decodeSteps(frame([[1, 0.5], [1]])), (e: Error) => e.message === 'invalid steps frame. Every row must have one value per key (2). Row 1 has `1`.');
  assert.throws(() => decodeSteps({ ...frame([]), fromSeq: 0 }), (e: Error) => e.message === 'invalid steps frame. fromSeq must be a positive integer. Value: `0`.');
  assert.equal(decodeSteps(frame([[2, null]])), [{ type: 'step', epoch: 2, loss: null, seq: 3 } as unknown as EventFrame]);
});

test.run();
