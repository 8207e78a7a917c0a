// Issue 18, the monitor firehose: a `?batch=1` client gets the events that are not steps but carry many
// numbers in arrays (a run's data sample) as binary event frames, and decoding them gives exactly
// the frame a v1 client parses: `JSON.parse(JSON.stringify({ ...event, seq }))`, null for NaN and
// ±Infinity, 0 for −0, keys in their order. v1 clients still get JSON. Real server, real `ws` clients.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lastValueFrom, Subject, toArray } from 'rxjs';
import type { TrainEvent } from '@gradstream/events';
import { decodeSteps, fromMonitor, serveMonitor, type EventFrame } from '../src/index.js';
import { encodeEventBinary } from '../src/event-binary.js';
import { connectBatch, eventsOf } from './helpers/batch-client.js';
import { linregRun } from './helpers/linreg-run.js';
import { random } from './helpers/random.js';
import { connect } from './helpers/ws-client.js';

const rand = random(11);
const row = (k: number) => Array.from({ length: k }, () => (rand() - 0.5) * 10 ** (rand() * 30 - 15));
const asV1 = (frame: object) => JSON.parse(JSON.stringify(frame));

/** The lesson's events, the run event with a 200-row data sample and an explanation after each epoch's first step. */
function runWithSample(): TrainEvent[] {
  const events = linregRun({ n: 500, epochs: 2 });
  const run = { ...events[0], sample: { X: Array.from({ length: 200 }, () => row(2)), y: [...row(199), NaN] } } as TrainEvent;
  const explain = (globalStep: number) =>
    ({ type: 'explain', epoch: 1, step: globalStep, globalStep, explain: { X: [...Array.from({ length: 9 }, () => row(2)), [-0, Infinity]], y: row(10), perSample: row(10), lr: 0.03, note: 'hand-made', update: { params: [{ name: 'w₁', grad: rand() }] } } }) as unknown as TrainEvent;
  return [run, ...events.slice(1, 2), explain(1), ...events.slice(2, 60), explain(60), ...events.slice(60)];
}

test('a binary event frame decodes to the v1 frame (rows, NaN, ±Infinity, −0, arrays of objects, key order)', () => {
  const frame = { type: 'run', v: 1, w: [1, -0], skip: undefined, sample: { X: [row(3), row(3), [NaN, -Infinity, 5e-324]], y: [null, ...row(300)] }, params: [{ name: 'b', shape: [1] }], empty: [], seq: 1 };
  const bytes = encodeEventBinary(frame);
  assert.ok(bytes !== null);
  assert.equal(decodeSteps(bytes as Uint8Array), [asV1(frame)]);
  assert.is(JSON.stringify(decodeSteps(bytes as Uint8Array)[0]), JSON.stringify(frame));
  // Fewer than 256 numbers in arrays (an epoch, an explanation): the event goes out as JSON.
  assert.is(encodeEventBinary({ type: 'epoch', epoch: 1, loss: 0.5, w: [1, 2], seq: 3 }), null);
  assert.is(encodeEventBinary({ type: 'explain', X: Array.from({ length: 10 }, () => row(2)), y: row(10), yHat: row(10), seq: 3 }), null);
  // A string holding U+0000 (what marks a packed array until the text is written) keeps the event in JSON.
  assert.is(encodeEventBinary({ type: 'run', note: 'a\u0000packed', y: row(300), seq: 1 }), null);
  // Many small arrays: the header lists only their sizes.
  const graph = { type: 'explain', nodes: Array.from({ length: 20 }, (_, i) => ({ id: `n${i}`, shape: [10, 2], value: row(10), grad: i % 2 ? null : row(10) })), seq: 2 };
  assert.equal(decodeSteps(encodeEventBinary(graph) as Uint8Array), [asV1(graph)]);
});

test('a binary event frame whose body does not hold its packed numbers is refused, naming them', () => {
  const bytes = encodeEventBinary({ type: 'run', y: row(300), seq: 1 }) as Uint8Array;
  assert.throws(() => decodeSteps(bytes.subarray(0, bytes.length - 8)), (e: Error) => e.message === 'invalid binary event frame. Its body must hold the 300 packed numbers. Value: `299 numbers`.');
  assert.throws(() => decodeSteps(bytes.subarray(0, bytes.length - 3)), (e: Error) => e.message === 'invalid binary event frame. Its body must be whole float64s. Value: `2397 bytes`.');
});

test('a ?batch=1 client gets the run with its data sample as a binary frame, decoding to what a v1 client parses', async () => {
  const events = runWithSample();
  const source = new Subject<TrainEvent>();
  const server = await serveMonitor(source);
  try {
    const v1 = await connect(server.wsUrl);
    const batched = await connectBatch(server.wsUrl);
    await v1.waitFor((f) => f.type === 'hello', 'hello');
    await batched.waitFor((f) => f.type === 'hello', 'hello');
    const received = lastValueFrom(fromMonitor(server.wsUrl).pipe(toArray()));
    while (server.stats().clients < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    for (let i = 0; i < events.length; i++) {
      source.next(events[i]);
      if (i % 40 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await v1.waitFor((f) => f.type === 'done', 'done');
    await batched.waitFor((f) => f.type === 'done', 'done');
    const v1Events = v1.frames.filter((f): f is EventFrame => 'seq' in f && f.type !== 'hello');
    assert.equal(v1Events, events.map((e, i) => asV1({ ...e, seq: i + 1 })), 'v1: one JSON frame per event, as before');
    assert.equal(eventsOf(batched.frames), v1Events);
    assert.equal(batched.packed.map(({ event }) => event.type), ['run'], 'the run with its data sample came binary, the explanations as JSON');
    const runBytes = batched.packed[0].bytes;
    assert.ok(runBytes < JSON.stringify({ ...events[0], seq: 1 }).length * 0.6, `the run event: ${runBytes} bytes binary`);
    assert.equal(await received, asV1(events), 'fromMonitor (?batch=1) emits the same events');
  } finally {
    await server.close();
  }
});

test.run();
