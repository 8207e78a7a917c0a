// The steps frame's two encodings (issue 18) give back exactly what a v1 client parses from a frame per
// event: `JSON.parse(JSON.stringify({ ...step, seq }))`, including null for NaN and ±Infinity, 0 for −0,
// parameters by name and norms; what the binary frame cannot carry (a nested explanation, a string, two
// shapes in one frame) is refused so the JSON frame carries it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { StepEvent } from '@gradstream/events';
import { decodeSteps, type StepsFrame } from '../src/index.js';
import { decodeStepsBinary, encodeStepsBinary } from '../src/steps-binary.js';
import { encodeSteps, stepKeys } from '../src/steps-codec.js';
import { random } from './helpers/random.js';

const rand = random(7);
/** What a v1 client gets for these steps: each parsed from its own frame. */
const v1 = (steps: readonly object[], fromSeq: number) => steps.map((s, i) => JSON.parse(JSON.stringify({ ...s, seq: fromSeq + i })));

function step(i: number): StepEvent {
  return {
    type: 'step',
    epoch: 1 + Math.floor(i / 7),
    step: i + 1,
    globalStep: i + 1,
    size: 10,
    loss: rand() * 10 ** (rand() * 40 - 20),
    params: { 'layer1.weight': [rand() - 0.5, -rand(), 5e-324, -0], 'layer1.bias': [rand()] },
    norms: { 'layer1.weight': rand() },
    gradNorm: rand(),
    accuracy: rand(),
  };
}

test('binary and JSON steps frames decode to the v1 objects (17-digit doubles, subnormals, parameters by name)', () => {
  const steps = Array.from({ length: 50 }, (_, i) => step(i));
  const keys = stepKeys(steps[0]);
  const bytes = encodeStepsBinary(steps, keys, 41);
  assert.ok(bytes !== null);
  assert.equal(decodeSteps(bytes as Uint8Array), v1(steps, 41));
  assert.equal(decodeSteps(JSON.parse(encodeSteps(steps, keys, 41)) as StepsFrame), v1(steps, 41));
  // The binary frame is the smaller one: 8 bytes a number against ~19 characters of JSON.
  assert.ok((bytes as Uint8Array).length < encodeSteps(steps, keys, 41).length * 0.6);
});

test('null, NaN and ±Infinity decode to null and −0 to 0, as JSON gives them', () => {
  const odd = [NaN, Infinity, -Infinity, null, -0].map((x, i) => ({ ...step(i), loss: x as number, w: [x as number, 1], b: x as number }));
  const keys = stepKeys(odd[0]);
  const bytes = encodeStepsBinary(odd, keys, 1) as Uint8Array;
  const decoded = decodeSteps(bytes) as unknown as { loss: unknown; w: unknown[]; b: unknown }[];
  assert.equal(decoded, v1(odd, 1));
  assert.equal(decoded.map((d) => d.loss), [null, null, null, null, 0]);
  assert.ok(Object.is((decoded[4].w as number[])[0], 0), '−0 is read back as 0');
});

test('what the binary frame cannot carry is refused (null), for the JSON frame to carry it', () => {
  const explained = { ...step(0), explain: { rows: [[1, 2]], note: 'x' } } as unknown as StepEvent;
  assert.is(encodeStepsBinary([explained], stepKeys(explained), 1), null);
  const named = { ...step(0), label: 'a string' } as unknown as StepEvent;
  assert.is(encodeStepsBinary([named], stepKeys(named), 1), null);
  // A later step whose array is longer than the first's: two shapes, not one frame.
  const longer = { ...step(1), params: { 'layer1.weight': [1, 2, 3, 4, 5], 'layer1.bias': [0] } };
  assert.is(encodeStepsBinary([step(0), longer], stepKeys(step(0)), 1), null);
  assert.equal(decodeSteps(JSON.parse(encodeSteps([explained], stepKeys(explained), 3)) as StepsFrame), v1([explained], 3));
});

test('a key whose value is undefined is left out, as JSON leaves it out', () => {
  const sparse = { ...step(0), accuracy: undefined } as unknown as StepEvent;
  assert.not.ok(stepKeys(sparse).includes('accuracy'));
  assert.equal(decodeSteps(encodeStepsBinary([sparse], stepKeys(sparse), 9) as Uint8Array), v1([sparse], 9));
});

test('numbers that are a series (the same each step, or one more) travel in the header, not in the rows', () => {
  const steps = Array.from({ length: 30 }, (_, i) => ({ ...step(i), epoch: 3, step: 41 + i, globalStep: 241 + i, size: i === 29 ? 7 : 10 }));
  const bytes = encodeStepsBinary(steps, stepKeys(steps[0]), 5) as Uint8Array;
  assert.equal(decodeSteps(bytes), v1(steps, 5));
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + new DataView(bytes.buffer).getUint32(0, true))));
  assert.equal(header.series, { epoch: [3, 0], step: [41, 1], globalStep: [241, 1] }, 'size changes in the last step: not a series');
  assert.equal(header.count, 30);
  // Every number a series: no rows at all, the count says how many steps.
  const counters = [1, 2, 3].map((i) => ({ type: 'step', epoch: 1, step: i, globalStep: i }) as unknown as StepEvent);
  assert.equal(decodeSteps(encodeStepsBinary(counters, ['epoch', 'step', 'globalStep'], 9) as Uint8Array), v1(counters, 9));
});

test('malformed binary frames are refused with the rule and the value', () => {
  const bytes = encodeStepsBinary([step(0), step(1)], stepKeys(step(0)), 1) as Uint8Array;
  assert.throws(() => decodeStepsBinary(bytes.subarray(0, bytes.length - 8)), (e: Error) => /^invalid binary steps frame\. Its body must be whole rows of 72 bytes after a positive fromSeq\. Value: `\d+ bytes from seq 1`\.$/.test(e.message));
  assert.throws(() => decodeStepsBinary(new Uint8Array([200, 0, 0, 0, 1])), (e: Error) => e.message === 'invalid binary steps frame. It must start with its header\'s length and header. Bytes: `5`.');
});

test.run();
