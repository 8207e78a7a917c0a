// The models after the lesson (issue 15): their events, explanations, checks and checkpoints.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { take } from 'rxjs';
import { blobs, moons } from '@gradstream/data';
import { buildModel, mlp, trainOn } from '../src/index.js';
import { readCheckpoint } from '../src/node.js';
import { collect } from './helpers.js';

const ofType = <T extends string>(events: { type: string }[], type: T) => events.filter((e) => e.type === type) as never[];

test('softmax regression on blobs: events carry W1 and b1 by name and accuracy, no w/b; it learns', async () => {
  const data = blobs({ n: 300, d: 2, classes: 3, spread: 0.5, seed: 3 });
  const model = buildModel({ kind: 'softmax', d: 2, classes: 3 });
  const events = await collect(trainOn(data, { model, lr: 0.1, batchSize: 32, epochs: 5, seed: 3 }));
  const run = events[0];
  assert.ok(run.type === 'run' && run.model?.kind === 'softmax' && run.w === undefined);
  assert.equal(Object.keys(run.params!), ['W1', 'b1']);
  assert.is(run.params!.W1.length, 6);
  const steps = ofType(events, 'step') as { params: Record<string, number[]>; accuracy: number; w?: number[] }[];
  assert.is(steps.length, 50);
  assert.ok(steps.every((s) => s.w === undefined && s.params.b1.length === 3 && s.accuracy >= 0 && s.accuracy <= 1));
  const epochs = ofType(events, 'epoch') as { accuracy: number; loss: number }[];
  assert.ok(epochs.at(-1)!.accuracy > 0.95, String(epochs.at(-1)!.accuracy));
  assert.ok(epochs.at(-1)!.loss < epochs[0].loss);
});

test('logistic regression on moons with 0/1 labels learns a linear boundary (~85%), and refuses ±1 labels with a clear error', async () => {
  const events = await collect(trainOn(moons({ n: 200, noise: 0.1, seed: 5, labels: '01' }), { model: buildModel({ kind: 'logistic', d: 2 }), lr: 0.5, batchSize: 20, epochs: 20, seed: 5 }));
  const last = ofType(events, 'epoch').at(-1) as unknown as { accuracy: number };
  assert.ok(last.accuracy > 0.8 && last.accuracy < 0.95, String(last.accuracy));
  const bad = await collect(trainOn(moons({ n: 20, noise: 0.1, seed: 5, labels: 'pm1' }), { model: buildModel({ kind: 'logistic', d: 2 }), lr: 0.5, batchSize: 10, epochs: 1 }));
  const error = bad.at(-1)!;
  assert.ok(error.type === 'error', JSON.stringify(error));
  assert.match(error.message, /^invalid batch 1 of epoch 1\. y\[row \d+ \(dataset row \d+\)\] must be 0 or 1 for the logistic loss\. Value: `-1`\.$/);
});

test('an MLP step is explained for every parameter: the check is ~0, Σ per-row loss + the L2 term = the loss sum, change = after − before', async () => {
  const model = mlp({ sizes: [2, 8, 1], activation: 'tanh', loss: 'hinge', l2: 1e-3 });
  const events = await collect(trainOn(moons({ n: 40, noise: 0.1, seed: 2, labels: 'pm1' }), { model, lr: 0.1, optimizer: 'adam', batchSize: 40, epochs: 2, seed: 2 }));
  const [ex] = ofType(events, 'explain') as { explain: import('@gradstream/events').StepExplanation }[];
  const e = ex.explain;
  assert.ok(e.check! <= 1e-12, String(e.check));
  assert.is(e.update!.params.length, 33);
  assert.equal(e.model, { name: 'MLP 2-8-1 (tanh, hinge)', loss: 'hinge', l2: 1e-3 });
  const rows = e.perSample.reduce((s, v) => s + v, 0);
  assert.ok(Math.abs(rows + e.penalty! - e.lossSum) <= 1e-12 * e.lossSum, `${rows} + ${e.penalty} vs ${e.lossSum}`);
  assert.equal(e.predicted, e.yHat.map((s) => (s > 0 ? 1 : -1)));
  for (const p of e.update!.params) assert.is(p.change, p.after - p.before);
  assert.is(e.grad, undefined);
});

test('a model over 10,000 parameters sends per-tensor norms instead of values', async () => {
  const model = mlp({ sizes: [2, 120, 90, 1], activation: 'relu', loss: 'hinge' });
  assert.ok(model.spec!.size > 10_000, String(model.spec!.size));
  const events = await collect(trainOn(moons({ n: 20, noise: 0.1, seed: 1, labels: 'pm1' }), { model, lr: 0.01, batchSize: 10, epochs: 1, explain: false }));
  const step = ofType(events, 'step')[0] as { params?: unknown; norms: Record<string, number> };
  assert.is(step.params, undefined);
  assert.equal(Object.keys(step.norms), ['W1', 'b1', 'W2', 'b2', 'W3', 'b3']);
  assert.ok(step.norms.W2 > 0);
});

test('an MLP run stopped mid-way resumes from its checkpoint to the same parameters bit for bit', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gs-mlp-'));
  try {
    const path = join(dir, 'cp.json');
    const data = moons({ n: 60, noise: 0.1, seed: 4, labels: 'pm1' });
    const options = { model: buildModel({ kind: 'mlp', d: 2, hidden: [6], loss: 'hinge' }), lr: 0.05, optimizer: 'momentum' as const, batchSize: 20, epochs: 4, seed: 4, explain: false as const };
    const whole = await collect(trainOn(data, options));
    await collect(trainOn(data, { ...options, checkpoint: { path } }).pipe(take(1 + 5)));
    const cp = await readCheckpoint(path);
    assert.ok(cp.params !== undefined && cp.w === undefined && cp.model?.kind === 'mlp');
    const { model, lr, optimizer, batchSize, epochs, seed, ...rest } = options;
    const resumed = await collect(trainOn(data, { ...rest, resume: cp }));
    assert.equal(resumed.at(-1), { ...whole.at(-1)!, elapsedMs: (resumed.at(-1) as { elapsedMs: number }).elapsedMs });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad model choices name the argument, the rule and the value', () => {
  assert.throws(() => buildModel({ kind: 'softmax', d: 2 }), (e: Error) => e.message === 'invalid argument. classes must be an integer ≥ 2 for the softmax model (the data\'s number of classes). Value: `undefined`.');
  assert.throws(() => mlp({ sizes: [2, 4, 3], loss: 'hinge' }), (e: Error) => e.message === 'invalid argument. model.sizes must end in 1 output for the hinge loss (cross-entropy takes one output per class). Value: `[2,4,3]`.');
  assert.throws(() => mlp({ sizes: [2, 4, 1], activation: 'gelu' as never }), (e: Error) => e.message === 'invalid argument. model.activation must be one of relu, tanh, sigmoid. Value: `"gelu"`.');
  assert.throws(() => buildModel({ kind: 'tree' as never, d: 2 }), (e: Error) => e.message === 'invalid argument. model must be one of linear, logistic, softmax, mlp. Value: `"tree"`.');
});

test('predictLabels (the viewer\'s forward pass, from events) predicts what the trained model predicts, for every loss', async () => {
  const { predictLabels } = await import('@gradstream/events');
  const { tensor } = await import('@gradstream/autograd');
  const { parameterLeaves } = await import('../src/index.js');
  const { lossHead } = await import('../src/index.js');
  const X = Array.from({ length: 40 }, (_, i) => Math.sin(i * 1.7) * 2);
  for (const [loss, sizes, activation] of [['hinge', [2, 5, 1], 'relu'], ['logistic', [2, 1], null], ['cross-entropy', [2, 4, 3], 'sigmoid'], ['squared', [2, 3, 1], 'tanh']] as const) {
    const model = mlp({ sizes: [...sizes], activation, loss });
    const p = model.init!(9);
    const params = parameterLeaves(model, p);
    const { prediction } = model.loss(tensor(X, { shape: [20, 2] }), tensor(new Array(20).fill(loss === 'hinge' ? 1 : 0)), params);
    const byName = Object.fromEntries(params.map((t) => [t.name!, Array.from(t.data)]));
    const got = predictLabels(model.spec!, byName, X, 20);
    const k = model.outputs!;
    const want = Array.from({ length: 20 }, (_, i) => (lossHead(loss).predict ? lossHead(loss).predict!(prediction.data, k, i) : prediction.data[i]));
    assert.equal(got.map((v) => Number(v.toPrecision(12))), want.map((v) => Number(v.toPrecision(12))), loss);
  }
});

test.run();
