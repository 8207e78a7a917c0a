import type { StepEvent } from '@gradstream/events';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeSteps, StepBlock } from '../src/step-codec.js';

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

test('a block started after a full one reuses its shape when the step fits, and makes its own when it does not', () => {
  const full = new StepBlock(step(1));
  const same = new StepBlock(step(2, { loss: NaN }), full);
  const other = new StepBlock(step(3, { accuracy: 0.75 }), full);
  assert.ok(same.add(step(4)));
  assert.not.ok(same.add(step(5, { accuracy: 0.5 })), 'the reused shape still refuses another one');
  assert.equal(decodeSteps(same.encode()), [step(2, { loss: NaN }), step(4)]);
  assert.equal(decodeSteps(other.encode()), [step(3, { accuracy: 0.75 })]);
});

test.run();
