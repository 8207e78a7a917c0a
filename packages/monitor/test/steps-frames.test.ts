// Issue 18, the monitor firehose: a client that connects with `?batch=1` gets its steps in `steps` frames
// (one per run of consecutive steps of a broadcast, the same bytes for every such client; binary when the
// steps are all numbers), and decoding them gives exactly the step frames a v1 client of the same server
// gets, in the same order. v1 clients (no `?batch`) never see a `steps` frame. Real server, real `ws`
// clients, a real (tiny) training run.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lastValueFrom, Subject, toArray } from 'rxjs';
import WebSocket from 'ws';
import type { TrainEvent } from '@gradstream/events';
import { decodeSteps, fromMonitor, serveMonitor, type BatchServerFrame, type EventFrame, type StepsFrame } from '../src/index.js';
import { connectBatch, eventsOf, type RecordedFrame } from './helpers/batch-client.js';
import { linregRun } from './helpers/linreg-run.js';
import { connect } from './helpers/ws-client.js';

const isDone = (f: RecordedFrame) => f.type === 'done';
const isSteps = (f: RecordedFrame) => f.type === 'binary-steps' || f.type === 'steps';

test('a ?batch=1 client decodes to the same events, in order, as a v1 client; v1 frames are unchanged', async () => {
  const source = new Subject<TrainEvent>();
  const server = await serveMonitor(source);
  try {
    const v1 = await connect(server.wsUrl);
    const batched = await connectBatch(server.wsUrl);
    const again = await connect(`${server.wsUrl}?batch=0`);
    await Promise.all([v1, again].map((c) => c.waitFor((f) => f.type === 'hello', 'hello')));
    await batched.waitFor((f) => f.type === 'hello', 'hello');
    const events = linregRun({ n: 2000, epochs: 2 }); // 400 steps
    for (let i = 0; i < events.length; i++) {
      source.next(events[i]);
      if (i % 150 === 0) await new Promise((resolve) => setImmediate(resolve)); // broadcasts that end mid-epoch
    }
    await Promise.all([v1, again].map((c) => c.waitFor((f) => f.type === 'done', 'done')));
    await batched.waitFor(isDone, 'done');
    const batchFrames = batched.frames;
    const v1Events = v1.frames.filter((f): f is EventFrame => 'seq' in f && f.type !== 'hello');
    // v1: one frame per event, each the event plus its seq, and no steps frame.
    assert.equal(v1Events, events.map((e, i) => ({ ...e, seq: i + 1 })));
    assert.not.ok((v1.frames as BatchServerFrame[]).some((f) => f.type === 'steps'));
    assert.equal(again.frames, v1.frames);
    // batch: no step frame, every step in a steps frame, the same events in the same order.
    assert.not.ok(batchFrames.some((f) => f.type === 'step'));
    assert.equal(eventsOf(batchFrames), v1Events);
    const stepsFrames = batchFrames.filter(isSteps).length;
    assert.is(stepsFrames, batchFrames.filter((f) => f.type === 'binary-steps').length, 'the steps are all numbers: binary frames');
    console.log(`  ${events.length} events: ${v1Events.length} frames to a v1 client, ${batchFrames.length - 1} to a ?batch=1 client (${stepsFrames} steps frames)`);
    assert.ok(stepsFrames >= 4 && stepsFrames <= 10, `${stepsFrames} steps frames`);
  } finally {
    await server.close();
  }
});

test('steps with something binary cannot carry (the explanation an old recording embeds) come in a JSON steps frame', async () => {
  const events = linregRun({ n: 300, epochs: 1 }).map((e) =>
    e.type === 'step' && e.globalStep % 10 === 0 ? ({ ...e, explain: { note: 'recorded before explain events', rows: [[1, 2]] } } as unknown as TrainEvent) : e,
  );
  const source = new Subject<TrainEvent>();
  const server = await serveMonitor(source);
  try {
    const client = await connectBatch(server.wsUrl);
    await client.waitFor((f) => f.type === 'hello', 'hello');
    for (const e of events) source.next(e);
    await client.waitFor(isDone, 'done');
    assert.equal(eventsOf(client.frames), JSON.parse(JSON.stringify(events.map((e, i) => ({ ...e, seq: i + 1 })))));
    assert.is(client.frames.filter((f) => f.type === 'steps').length, 3, 'three explained steps: three JSON frames');
    assert.ok(client.frames.filter((f) => f.type === 'binary-steps').length >= 3);
  } finally {
    await server.close();
  }
});

test('a burst of 1,200 steps in one turn goes out as steps frames of at most 512', async () => {
  const source = new Subject<TrainEvent>();
  const server = await serveMonitor(source);
  try {
    const client = await connectBatch(server.wsUrl);
    await client.waitFor((f) => f.type === 'hello', 'hello');
    for (const e of linregRun({ n: 12_000, epochs: 1 })) source.next(e); // one synchronous burst
    await client.waitFor(isDone, 'done');
    const sizes = client.frames.flatMap((f) => (f.type === 'binary-steps' ? [f.steps.length] : []));
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
    const client = await connectBatch(`${live.wsUrl}?since=10`);
    await client.waitFor(isDone, 'done');
    const frames = client.frames;
    assert.is(frames[0].type, 'hello');
    assert.is((frames[0] as { resumedFrom?: number }).resumedFrom, 10);
    assert.equal(eventsOf(frames), events.slice(10).map((e, i) => ({ ...e, seq: i + 11 })));
    assert.ok(frames.some(isSteps));
    assert.not.ok(frames.some((f) => f.type === 'step'));
  } finally {
    await live.close();
  }
});

test('fromMonitor takes steps frames and emits the same events in order', async () => {
  const events = linregRun({ n: 2000, epochs: 2 });
  const source = new Subject<TrainEvent>();
  const server = await serveMonitor(source);
  try {
    const received = lastValueFrom(fromMonitor(server.wsUrl).pipe(toArray()));
    while (server.stats().clients === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    for (let i = 0; i < events.length; i++) {
      source.next(events[i]);
      if (i % 150 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    assert.equal(await received, events);
    // It opted in: far fewer frames than events went to it.
    const { sent } = server.stats().subscribers[0] ?? { sent: 0 };
    assert.ok(sent > 0 && sent <= 10, `${sent} frames for ${events.length} events`);
  } finally {
    await server.close();
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
