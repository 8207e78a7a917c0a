// micrograd's demo reproduced (issue 15): 100 moons, noise 0.1, MLP 2-16-16-1 ReLU, hinge + 1e-4 L2,
// full-batch SGD with lr = 1.0 − 0.9·k/100 for 100 steps, reaching 100% training accuracy.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { microgradDemo } from '../../../examples/micrograd-moons/main.js';
import { moons } from '@gradstream/data';
import { learningRate, mlp, trainOn } from '../src/index.js';
import { collect } from './helpers.js';

test('the micrograd demo reaches 100% training accuracy in 100 full-batch steps, with the lr decaying from 1.0 to 0.109', async () => {
  const events = await collect(microgradDemo());
  const run = events[0];
  assert.ok(run.type === 'run');
  assert.is(run.model?.name, 'MLP 2-16-16-1 (relu, hinge)');
  assert.is(run.model?.size, 337);
  assert.equal(run.config.schedule, { name: 'linear', lrEnd: 0.1, steps: 100 });
  const steps = events.filter((e) => e.type === 'step');
  assert.is(steps.length, 100);
  assert.ok(steps.every((s) => s.size === 100 && s.params !== undefined && s.w === undefined));
  const epochs = events.filter((e) => e.type === 'epoch');
  assert.ok(epochs[0].accuracy! < 0.9, `first ${epochs[0].accuracy}`);
  assert.is(epochs.at(-1)!.accuracy, 1);
  assert.ok(epochs.at(-1)!.loss < epochs[0].loss / 10, `${epochs.at(-1)!.loss} vs ${epochs[0].loss}`);
  const done = events.at(-1)!;
  assert.ok(done.type === 'done' && done.accuracy === 1 && done.steps === 100);
});

test('the schedule is applied step by step: step k moves every parameter by −lr_k·g (SGD), lr_k = 1.0 − 0.9·k/100', async () => {
  const data = moons({ n: 100, noise: 0.1, seed: 1337, labels: 'pm1' });
  const model = mlp({ sizes: [2, 16, 16, 1], activation: 'relu', loss: 'hinge', l2: 1e-4, init: 'micrograd' });
  const schedule = { name: 'linear', lrEnd: 0.1, steps: 100 } as const;
  const events = await collect(trainOn(data, { model, lr: 1, schedule, batchSize: 100, epochs: 5, seed: 1337, explain: { every: 1 } }));
  const explained = events.filter((e) => e.type === 'explain');
  assert.is(explained.length, 5);
  for (const [k, e] of explained.entries()) {
    const want = 1.0 - (0.9 * k) / 100;
    assert.ok(Math.abs(e.explain.lr - want) < 1e-15, `step ${k}: lr ${e.explain.lr}`);
    assert.is(e.explain.update!.params.length, 337);
    for (const row of e.explain.update!.params) assert.ok(Math.abs(row.change + want * row.grad) <= 1e-12 * Math.max(1, Math.abs(row.before)), `${row.name} at step ${k}`);
  }
  assert.is(learningRate(1, schedule, 99), 1 - 0.9 * 99 / 100);
});

test.run();
