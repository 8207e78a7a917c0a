import type { StepEvent } from '@gradstream/events';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BlockPool, decodeSteps, StepBlock } from '../src/step-codec.js';
import { PublishQueue } from '../src/publish-queue.js';
import { shapeOf } from '../src/step-template.js';

const step = (g: number, extra: Partial<StepEvent> = {}): StepEvent => ({
  type: 'step', epoch: 1, step: g, globalStep: g, size: 10, loss: 1 / 3 + g, w: [0.1 * g, -Math.PI], b: Math.E, gradNorm: 2 ** -1074, params: { w: [0.1 * g, -Math.PI], b: [Math.E] }, ...extra,
});

test('a block gives back every step bit for bit, NaN, ±Infinity and -0 included', () => {
  const steps = [step(1), step(2, { loss: NaN, gradNorm: Infinity }), step(3, { b: -0, w: [-Infinity, Number.MAX_VALUE] })];
  const block = new StepBlock(steps[0]!);
  for (const s of steps.slice(1)) assert.ok(block.add(s));
  assert.is(block.count, 3);
  const back = decodeSteps(block.encode());
  assert.equal(back, steps);
  assert.ok(Object.is(back[2]!.b, -0));
  assert.ok(Number.isNaN(back[1]!.loss));
});

test('a step of another shape is refused (a new block starts there), and the block is unchanged', () => {
  const block = new StepBlock(step(1));
  assert.not.ok(block.add(step(2, { accuracy: 0.5 })), 'an extra field');
  assert.not.ok(block.add(step(3, { w: [1, 2, 3] })), 'another length');
  assert.not.ok(block.add({ ...step(4), epoch: '1' as unknown as number }), 'a string where a number was');
  assert.ok(block.add(step(5)));
  // A key holding undefined is not a key to JSON, nor to a block: the step fits, and comes back without it.
  assert.ok(block.add(step(6, { accuracy: undefined })));
  assert.equal(decodeSteps(block.encode()).map((s) => s.globalStep), [1, 5, 6]);
  assert.not.ok('accuracy' in decodeSteps(block.encode())[2]!);
});

test('a block of a shape met before reuses it (no template made again), and one of another shape makes its own', () => {
  const first = new StepBlock(step(1));
  const same = new StepBlock(step(2, { loss: NaN }));
  const other = new StepBlock(step(3, { accuracy: 0.75 }));
  assert.is(same.data().template, first.data().template);
  assert.is.not(other.data().template, first.data().template);
  assert.is(shapeOf(step(9)), shapeOf(step(10)), 'one shape object for steps of one shape');
  assert.ok(same.add(step(4)));
  assert.not.ok(same.add(step(5, { accuracy: 0.5 })), 'the reused shape still refuses another one');
  assert.equal(decodeSteps(same.encode()), [step(2, { loss: NaN }), step(4)]);
  assert.equal(decodeSteps(other.encode()), [step(3, { accuracy: 0.75 })]);
});

test('a block takes up to its capacity, growing in arrays from its pool, and knows its last global step', () => {
  const pool = new BlockPool();
  const block = new StepBlock(step(1), pool, 150);
  for (let g = 2; g <= 150; g++) assert.ok(block.add(step(g)), `step ${g}`);
  assert.not.ok(block.add(step(151)), 'full at its capacity');
  assert.is(block.count, 150);
  assert.is(block.lastGlobalStep, 150);
  assert.equal(decodeSteps(block.encode()).map((s) => s.globalStep), Array.from({ length: 150 }, (_, i) => i + 1));
  // Growing gave the smaller arrays back: the next block starts in one of them, shared with the publishing thread.
  const next = new StepBlock(step(151), pool, 150);
  assert.ok(next.data().values.buffer instanceof SharedArrayBuffer);
  assert.is(next.lastGlobalStep, 151);
});

test('a step of many numbers gets fewer steps a block: a block holds at most 131,072 numbers (1 MiB)', () => {
  const wide = (g: number) => step(g, { params: { w: Array.from({ length: 50_000 }, (_, i) => i * g) } });
  const block = new StepBlock(wide(1));
  assert.ok(block.add(wide(2)));
  assert.not.ok(block.add(wide(3)), 'two steps of 50,012 numbers fill it');
  assert.is(block.capacity, 2);
  assert.equal(decodeSteps(block.encode()).map((s) => s.params!.w![7]), [7, 14]);
});

test('a queue folds steps into blocks across other events, reusing the shape, and makes other events JSON when taken', () => {
  const queue = new PublishQueue(4);
  for (let g = 1; g <= 6; g++) queue.pushStep(step(g));
  const epoch = { type: 'epoch', epoch: 1, loss: 0.5, globalStep: 6, elapsedMs: 1 } as const;
  queue.push('6-4', epoch);
  queue.pushStep(step(7));
  assert.is(queue.pending, 8);
  assert.is(queue.lastGlobalStep, 7);
  const items = queue.take(10);
  const { commands } = PublishQueue.commands(items, undefined);
  assert.equal(commands.map((c) => [c.id, c.field, c.count]), [['4-2', 's', 4], ['6-2', 's', 2], ['6-4', 'e', 1], ['7-2', 's', 1]]);
  assert.is(commands[2]!.value, JSON.stringify(epoch));
  queue.done(items);
  assert.is(queue.pending, 0);
  assert.ok(queue.empty);
});

test.run();
