// PyTorch conformance: the shipped float64 trajectory of the d2l lesson, replayed through train().
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compareToReference, formatComparison, referenceRun, validateReference } from '../src/index.js';
import { readReference } from '../src/node.js';
import { collect, FIXTURE_PATH, loadFixture } from './helpers.js';

const fx = loadFixture();

test('the fixture is the d2l lesson: n 1000, d 2, batch 10, lr 0.03, 3 epochs of sgd, 300 steps', async () => {
  const read = await readReference(FIXTURE_PATH);
  assert.equal([read.n, read.d, read.batchSize, read.lr, read.epochs, read.optimizer.name, read.steps.length], [1000, 2, 10, 0.03, 3, 'sgd', 300]);
});

test('fused engine reproduces every PyTorch step loss, w, b and epoch loss within 1e-9', async () => {
  const events = await collect(referenceRun(fx, { engine: 'fused' }));
  const cmp = compareToReference(events, fx);
  assert.equal(cmp.problems, []);
  assert.is(cmp.stepsCompared, 300);
  assert.is(cmp.epochsCompared, 3);
  assert.ok(cmp.maxDeviation <= 1e-9, formatComparison(cmp));
  // The run really trained: the last epoch loss is d2l's ~5e-5, not the initial ~20.
  const epochs = events.filter((e) => e.type === 'epoch');
  assert.ok(epochs[2].loss < 1e-4 && epochs[2].loss > 1e-5, String(epochs[2].loss));
  assert.is(events[0].type, 'run');
  assert.is(events[events.length - 1].type, 'done');
});

test('compareToReference notices a wrong trajectory', async () => {
  const events = await collect(referenceRun({ ...fx, lr: 0.031 }, { engine: 'fused' }));
  const cmp = compareToReference(events, fx);
  assert.ok(cmp.maxDeviation > 1e-6, String(cmp.maxDeviation));
  assert.match(formatComparison(cmp), /FAIL/);
  const short = compareToReference(events.slice(0, 50), fx);
  assert.ok(short.problems.some((p) => p.includes('steps')));
  assert.is(short.maxDeviation, Infinity);
});

test('readReference errors name the field, the rule and the value', () => {
  const broken = { ...fx, steps: fx.steps.map((s, i) => (i === 3 ? { ...s, lossSum: 'x' } : s)) };
  assert.throws(
    () => validateReference(broken, 'f.json'),
    (e: Error) => e.message === 'invalid reference in f.json. steps[3].lossSum must be a finite number. Value: `"x"`.',
  );
  assert.throws(
    () => validateReference({ ...fx, labels: fx.labels.slice(1) }, 'f.json'),
    (e: Error) => e.message === 'invalid reference in f.json. labels.length must be 1000. Value: `999`.',
  );
  const order = fx.order.map((o) => [...o]);
  order[1][5] = order[1][6];
  assert.throws(
    () => validateReference({ ...fx, order }, 'f.json'),
    (e: Error) => e.message === `invalid reference in f.json. order[1][6] must be a distinct row index in 0…999. Value: \`${order[1][6]}\`.`,
  );
});

test.run();
