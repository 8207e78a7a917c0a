// PyTorch conformance of the models after the lesson (issue 15): every fixture written by
// fixtures/make_model_fixtures.py, replayed through train(), matches at every step — loss and every
// parameter — and every epoch's loss and accuracy, within 1e-9.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { EngineName } from '@gradstream/events';
import { compareToReference, formatComparison, referenceRun, toModelFixture } from '../src/index.js';
import { readFixture, readReference } from '../src/node.js';
import { collect, FIXTURE_PATH } from './helpers.js';

const dir = new URL('../../../fixtures/', import.meta.url).pathname;
const cases: [string, number, string][] = [
  ['softmax-blobs-sgd.json', 21, 'softmax regression 2-3 (cross-entropy)'],
  ['mlp-tanh-adam.json', 15, 'MLP 3-8-6-3 (tanh, cross-entropy)'],
  ['micrograd-moons.json', 20, 'MLP 2-16-16-1 (relu, hinge)'],
  ['linear-momentum.json', 20, 'linear regression'],
];

for (const [file, steps, name] of cases) {
  test(`${file}: ${name} matches PyTorch at every step within 1e-9`, async () => {
    const fx = await readFixture(dir + file);
    const events = await collect(referenceRun(fx));
    const run = events[0];
    assert.is(run.type === 'run' && (run.model?.name ?? ''), name);
    const cmp = compareToReference(events, fx);
    assert.equal(cmp.problems, []);
    assert.is(cmp.stepsCompared, steps);
    assert.is(cmp.epochsCompared, fx.epochs);
    assert.ok(cmp.maxDeviation <= 1e-9, formatComparison(cmp));
    // It really trained: the last epoch's loss is below the first step's.
    const lastEpoch = events.filter((e) => e.type === 'epoch').at(-1)!;
    assert.ok(lastEpoch.type === 'epoch' && lastEpoch.loss < fx.steps[0].loss, `${lastEpoch.type === 'epoch' && lastEpoch.loss} vs ${fx.steps[0].loss}`);
    if (fx.epochAccuracy) assert.is(lastEpoch.type === 'epoch' && lastEpoch.accuracy, fx.epochAccuracy.at(-1));
  });
}

test('the autograd engine replays the linear fixture too, and the lesson fixture is the case sizes [d, 1] of the general format', async () => {
  for (const engine of ['autograd', 'fused'] as EngineName[]) {
    const fx = await readFixture(dir + 'linear-momentum.json');
    const cmp = compareToReference(await collect(referenceRun(fx, { engine })), fx);
    assert.ok(cmp.maxDeviation <= 1e-9, `${engine}: ${formatComparison(cmp)}`);
  }
  const lesson = toModelFixture(await readReference(FIXTURE_PATH));
  assert.equal(lesson.model, { sizes: [2, 1], activation: null, loss: 'squared', l2: 0 });
  const cmp = compareToReference(await collect(referenceRun(lesson)), lesson);
  assert.is(cmp.stepsCompared, 300);
  assert.ok(cmp.maxDeviation <= 1e-9, formatComparison(cmp));
});

test('a wrong model is caught: the MLP fixture replayed with another activation deviates', async () => {
  const fx = await readFixture(dir + 'mlp-tanh-adam.json');
  const wrong = { ...fx, model: { ...fx.model, activation: 'sigmoid' as const } };
  const cmp = compareToReference(await collect(referenceRun(wrong)), fx);
  assert.ok(cmp.maxDeviation > 1e-3, formatComparison(cmp));
  assert.match(formatComparison(cmp), /FAIL/);
});

test.run();
