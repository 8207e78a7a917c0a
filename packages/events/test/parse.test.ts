import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parameterRow, parameterValues, parseTrainEvent, SCHEMA_VERSION, toNdjsonLine, toTrainEvent, type TrainEvent } from '../src/index.js';
import { EVENT_TYPES } from '../src/parse.js';

const run: TrainEvent = {
  type: 'run',
  v: SCHEMA_VERSION,
  startedAt: 1_700_000_000_000,
  config: { d: 2, n: 1000, batchSize: 10, lr: 0.03, epochs: 3, optimizer: { name: 'sgd' }, engine: 'fused', seed: 1 },
  w: [0, 0],
  b: 0,
  trueW: [2, -3.4],
  trueB: 4.2,
};

test('schema v1 lists its six event types in run order', () => {
  assert.is(SCHEMA_VERSION, 1);
  assert.equal(EVENT_TYPES, ['run', 'step', 'explain', 'epoch', 'done', 'error']);
});

test('an event survives the NDJSON round trip unchanged', () => {
  const line = toNdjsonLine(run);
  assert.ok(line.endsWith('\n'));
  assert.equal(parseTrainEvent(line.trimEnd(), 'run.ndjson:1'), run);
});

test('a diverged step (loss NaN) travels as null and is still accepted', () => {
  const step: TrainEvent = { type: 'step', epoch: 1, step: 2, globalStep: 2, size: 10, loss: NaN, w: [1, 2], b: 0, gradNorm: Infinity };
  const back = parseTrainEvent(toNdjsonLine(step), 'x');
  assert.is((back as { loss: unknown }).loss, null);
});

test('malformed JSON names the place', () => {
  assert.throws(() => parseTrainEvent('{"type":', 'run.ndjson:7'), (err: Error) =>
    err instanceof SyntaxError && err.message.startsWith('invalid event in run.ndjson:7. A line must be one JSON object.'),
  );
});

test('an unknown type names the allowed types and the value', () => {
  assert.throws(() => toTrainEvent({ type: 'stpe' }, 'stdin line 4'), (err: Error) =>
    err.message === 'invalid event in stdin line 4. type must be one of run, step, explain, epoch, done, error. Value: `"stpe"`.',
  );
});

test('a missing or mistyped field names the field, the rule and the value', () => {
  assert.throws(() => toTrainEvent({ type: 'epoch', epoch: 1, loss: 0.1, w: [1], b: '4.2', elapsedMs: 3, globalStep: 100 }, 'frame 9'), (err: Error) =>
    err.message === 'invalid epoch event in frame 9. b must be a JSON number (or the event must carry params or norms). Value: `"4.2"`.',
  );
  assert.throws(() => toTrainEvent([1, 2], 'frame 1'), (err: Error) =>
    err.message === 'invalid event in frame 1. An event must be a JSON object. Value: `[1,2]`.',
  );
});

test('an event of another schema version is refused, naming the place and the version (issue 12 #8)', () => {
  const run = { type: 'run', config: { d: 1, batchSize: 1, lr: 0.1, optimizer: { name: 'sgd' }, engine: 'fused' }, startedAt: 0, w: [0], b: 0 };
  for (const v of [2, 0, '1']) {
    assert.throws(() => toTrainEvent({ ...run, v }, 'stdin:1'), (err: Error) =>
      err.message === `invalid run event in stdin:1. v must be 1 (the event schema version this reader knows). Value: \`${JSON.stringify(v)}\`.`,
    );
  }
  assert.throws(() => toTrainEvent({ type: 'error', message: 'x', v: 2 }, 'stdin:9'), (err: Error) =>
    err.message === 'invalid error event in stdin:9. v must be 1 (the event schema version this reader knows). Value: `2`.',
  );
  assert.is(toTrainEvent({ ...run, v: 1 }, 'stdin:1').type, 'run');
});

test('a model other than linear regression carries params or norms by name instead of w and b (issue 15)', () => {
  const step = { type: 'step', epoch: 1, step: 1, globalStep: 1, size: 4, loss: 0.7, gradNorm: 1, accuracy: 0.5 };
  assert.equal(toTrainEvent({ ...step, params: { W1: [1, 2], b1: [0] } }, 'f').type, 'step');
  assert.equal(toTrainEvent({ ...step, norms: { W1: 2.2, b1: 0 } }, 'f').type, 'step');
  assert.throws(() => toTrainEvent({ ...step, params: [1, 2] }, 'frame 3'), (err: Error) =>
    err.message === 'invalid step event in frame 3. params must be a JSON object of parameters by name. Value: `[1,2]`.',
  );
  assert.throws(() => toTrainEvent(step, 'frame 4'), (err: Error) =>
    err.message === 'invalid step event in frame 4. w must be a JSON array (or the event must carry params or norms). Value: `undefined`.',
  );
});

test('parameterValues and parameterRow read old (w, b) and new (params, norms) events alike', () => {
  assert.equal(parameterValues({ w: [2, -3.4], b: 4.2 }), { w: [2, -3.4], b: [4.2] });
  assert.equal(parameterRow({ w: [2, -3.4], b: 4.2, params: { w: [2, -3.4], b: [4.2] } }), [2, -3.4, 4.2]);
  assert.equal(parameterRow({ params: { W1: [1, 2, 3], b1: [4] } }), [1, 2, 3, 4]);
  assert.equal(parameterRow({ norms: { W1: 3, b1: 0.5 } }), [3, 0.5]);
  assert.is(parameterValues({ norms: { W1: 3 } }), undefined);
});

test.run();
