import type { EpochEvent, ExplainEvent, StepEvent } from '@gradstream/events';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeBlock, encodeBlock } from '../src/block-codec.js';
import { BlockPool } from '../src/block-pool.js';
import { entryEvents } from '../src/entry-event.js';
import { EventBlock } from '../src/event-block.js';
import { PublishQueue } from '../src/publish-queue.js';
import { shapeOf } from '../src/step-template.js';

const step = (g: number, extra: Partial<StepEvent> = {}): StepEvent => ({
  type: 'step', epoch: 1, step: g, globalStep: g, size: 10, loss: 1 / 3 + g, w: [0.1 * g, -Math.PI], b: Math.E, gradNorm: 2 ** -1074, params: { w: [0.1 * g, -Math.PI], b: [Math.E] }, ...extra,
});
const epoch = (g: number): EpochEvent => ({ type: 'epoch', epoch: g / 100, loss: 1 / g, globalStep: g, elapsedMs: g / 7, w: [g, -g], b: 0.5 });
// An explain event's shape as the trainer makes it: nested objects, arrays of numbers, strings, null.
const explain = (g: number): ExplainEvent => ({
  type: 'explain', epoch: 1, step: g, globalStep: g,
  explain: { X: [[g, 0.25]], y: [1 / g], lr: 0.03, update: { params: [{ name: 'w₁', grad: -g, before: 0, after: -0 }] }, graph: { nodes: [{ id: 'n1', op: 'leaf', value: [g], grad: null }] } },
} as unknown as ExplainEvent);
const ids = (bytes: Buffer) => decodeBlock(bytes).map((e) => e.id);

test('a block gives back every event bit for bit (NaN, ±Infinity and -0 included) with its own entry id', () => {
  const events = [step(1), step(2, { loss: NaN, gradNorm: Infinity }), explain(2), step(3, { b: -0, w: [-Infinity, Number.MAX_VALUE] }), epoch(3)];
  const slots = [2, 2, 3, 2, 4];
  const block = new EventBlock(events[0]!, 2);
  events.slice(1).forEach((e, i) => assert.ok(block.add(e, slots[i + 1])));
  assert.is(block.count, 5);
  assert.is(block.lastId, '3-4');
  const back = decodeBlock(block.encode());
  assert.equal(back.map((e) => e.event), events);
  assert.equal(back.map((e) => e.id), ['1-2', '2-2', '2-3', '3-2', '3-4']);
  assert.ok(Object.is((back[3]!.event as StepEvent).b, -0));
  assert.ok(Object.is((back[2]!.event as unknown as { explain: { update: { params: { after: number }[] } } }).explain.update.params[0]!.after, -0));
  assert.equal(block.data().runs, [0, 2, 2, 1, 3, 1, 0, 2, 1, 2, 4, 1], 'runs of (shape, slot, count); the step shape is named once');
});

test('explain and epoch events are kept as they came until the block is sealed (between slices), then written in their places', () => {
  const block = new EventBlock(epoch(100), 4);
  block.add(explain(100), 5);
  for (let g = 101; g <= 103; g++) block.add(step(g));
  block.add(explain(103), 3);
  assert.is(block.lastGlobalStep, 103);
  assert.is(block.lastId, '103-3');
  const back = decodeBlock(block.encode());
  assert.equal(back.map((e) => e.id), ['100-4', '100-5', '101-2', '102-2', '103-2', '103-3']);
  assert.equal(back.map((e) => e.event), [epoch(100), explain(100), step(101), step(102), step(103), explain(103)]);
  assert.not.ok(block.data().runs.includes(-1), 'every run names its shape once sealed');
});

test('an event of another shape starts a run of its own in the same block', () => {
  const block = new EventBlock(step(1), 2);
  assert.ok(block.add(step(2, { accuracy: 0.5 })), 'an extra field');
  assert.ok(block.add(step(3, { w: [1, 2, 3] })), 'another length');
  assert.ok(block.add({ ...step(4), epoch: '1' as unknown as number }), 'a string where a number was');
  // A key holding undefined is not a key to JSON, nor to a block: the step fits the first shape, and comes back without it.
  assert.ok(block.add(step(5, { accuracy: undefined })));
  const back = decodeBlock(block.encode()).map((e) => e.event as StepEvent);
  assert.equal(back, [step(1), step(2, { accuracy: 0.5 }), step(3, { w: [1, 2, 3] }), { ...step(4), epoch: '1' as unknown as number }, step(5)]);
  assert.not.ok('accuracy' in back[4]!);
  assert.is(block.data().templates.length, 4, 'the fifth step reuses the first shape');
});

test('blocks of shapes met before reuse them (no template made again)', () => {
  const first = new EventBlock(step(1), 2);
  const same = new EventBlock(step(2, { loss: NaN }), 2);
  const other = new EventBlock(step(3, { accuracy: 0.75 }), 2);
  assert.is(same.data().templates[0], first.data().templates[0]);
  assert.is.not(other.data().templates[0], first.data().templates[0]);
  assert.is(shapeOf(step(9)), shapeOf(step(10)), 'one shape object for steps of one shape');
  assert.is(shapeOf(explain(9)), shapeOf(explain(10)), 'and for explain events of one shape');
});

test('a block takes up to maxEvents events, growing in arrays from its pool, and knows its last global step', () => {
  const pool = new BlockPool();
  const block = new EventBlock(step(1), 2, pool, 150);
  for (let g = 2; g <= 149; g++) assert.ok(block.add(step(g)), `step ${g}`);
  assert.ok(block.add(epoch(149), 4));
  assert.not.ok(block.add(step(150)), 'full at its maxEvents');
  assert.is(block.count, 150);
  assert.is(block.lastGlobalStep, 149);
  assert.equal(ids(block.encode()).slice(-2), ['149-2', '149-4']);
  // Growing gave the smaller arrays back: the next block starts in one of them, shared with the publishing thread.
  const next = new EventBlock(step(150), 2, pool, 150);
  assert.ok(next.data().values.buffer instanceof SharedArrayBuffer);
  assert.is(next.lastGlobalStep, 150);
});

test('a block holds at most 131,072 numbers (1 MiB) unless its first event alone has more', () => {
  const wide = (g: number, n = 50_000) => step(g, { params: { w: Array.from({ length: n }, (_, i) => i * g) } });
  const block = new EventBlock(wide(1), 2);
  assert.ok(block.add(wide(2)));
  assert.not.ok(block.add(wide(3)), 'two steps of 50,012 numbers fill it');
  assert.equal(decodeBlock(block.encode()).map((e) => (e.event as StepEvent).params!.w![7]), [7, 14]);
  const huge = new EventBlock(wide(1, 200_000), 2);
  assert.is(huge.count, 1, 'an event of 200,012 numbers gets a block of its own');
  assert.not.ok(huge.add(step(2)));
});

test('a queue folds steps, explain and epoch events into one block; run, done and error are entries of their own, made JSON when taken', () => {
  const queue = new PublishQueue(1000);
  const run = { type: 'run', v: 1, config: { d: 2, batchSize: 10, lr: 0.03, optimizer: { name: 'sgd' }, engine: 'fused', epochs: 1 }, startedAt: 1 } as const;
  queue.push(run, 0, 1);
  queue.pushStep(step(1));
  queue.push(explain(1), 1, 3);
  for (let g = 2; g <= 6; g++) queue.pushStep(step(g));
  queue.push(epoch(6), 6, 4);
  queue.push(explain(6), 6, 5);
  const done = { type: 'done', epochs: 1, steps: 6, elapsedMs: 1 } as const;
  queue.push(done, 6, 6);
  assert.is(queue.pending, 11);
  assert.is(queue.lastGlobalStep, 6);
  const items = queue.take(10);
  const { commands } = PublishQueue.commands(items, undefined);
  assert.equal(commands.map((c) => [c.id, c.field, c.count]), [['0-1', 'e', 1], ['6-5', 'b', 9], ['6-6', 'e', 1]]);
  assert.is(commands[2]!.value, JSON.stringify(done));
  assert.equal(ids(encodeBlock(commands[1]!.value as Parameters<typeof encodeBlock>[0])), ['1-2', '1-3', '2-2', '3-2', '4-2', '5-2', '6-2', '6-4', '6-5']);
  queue.done(items);
  assert.is(queue.pending, 0);
  assert.ok(queue.empty);
});

test('a block taken by a round-trip is sealed: the next events start another; a block below the top sends only its new events', () => {
  const queue = new PublishQueue(1000);
  for (let g = 1; g <= 3; g++) queue.pushStep(step(g));
  const first = queue.take(10);
  queue.done(first);
  queue.push(epoch(3), 3, 4);
  queue.pushStep(step(4));
  const second = queue.take(10);
  assert.equal(PublishQueue.commands(first, undefined).commands.map((c) => [c.id, c.count]), [['3-2', 3]]);
  // The stream already holds up to the epoch (a resumed run replaying): only step 4 goes, the epoch counts as skipped.
  const { commands, skipped } = PublishQueue.commands(second, '3-4');
  assert.equal([commands.map((c) => [c.id, c.count]), skipped], [[['4-2', 1]], 1]);
  assert.equal(ids(encodeBlock(commands[0]!.value as Parameters<typeof encodeBlock>[0])), ['4-2']);
});

test('entries of field s (streams written before blocks held other events) still read back as steps', () => {
  // The old layout: u32 LE template length, the template, zero padding to 8, the steps' numbers as float64 LE.
  const template = Buffer.from('{"type":"step","epoch":0,"step":0,"globalStep":0,"size":0,"loss":0,"gradNorm":0,"norms":{"p":0}}');
  const offset = Math.ceil((4 + template.length) / 8) * 8;
  const bytes = Buffer.alloc(offset + 14 * 8);
  bytes.writeUInt32LE(template.length, 0);
  template.copy(bytes, 4);
  [1, 7, 7, 10, 0.5, 2, 4, 1, 8, 8, 10, 0.25, 3, 5].forEach((v, i) => bytes.writeDoubleLE(v, offset + 8 * i));
  const read = entryEvents({ key: 'gradstream:run:old', id: '8-2', fields: [Buffer.from('s'), bytes] });
  const old = (g: number, loss: number, gradNorm: number, p: number) => ({ type: 'step', epoch: 1, step: g, globalStep: g, size: 10, loss, gradNorm, norms: { p } });
  assert.equal(read, [{ id: '7-2', event: old(7, 0.5, 2, 4) }, { id: '8-2', event: old(8, 0.25, 3, 5) }]);
  assert.throws(() => entryEvents({ key: 'k', id: '1-2', fields: [Buffer.from('x'), bytes] }), (e: Error) => e.message === 'invalid Redis stream k entry 1-2. It must have a field e (an event as JSON), b (a block of events) or s (a block of steps).');
});

test.run();
