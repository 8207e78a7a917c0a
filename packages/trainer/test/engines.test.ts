// The two engines behind train(): the fused BLAS kernel and the autograd graph agree over whole runs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { minibatches, syntheticLinear } from '@gradstream/data';
import type { ExplainEvent, RunEvent, StepEvent, TrainEvent } from '@gradstream/events';
import { compareToReference, createAutogradEngine, createFusedEngine, formatComparison, linearRegression, referenceRun, train } from '../src/index.js';
import { collect, loadFixture } from './helpers.js';
import { plainReference } from './plain-reference.js';

function maxDiff(a: TrainEvent[], b: TrainEvent[]): number {
  assert.is(a.length, b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as StepEvent;
    const y = b[i] as StepEvent;
    assert.is(x.type, y.type);
    if (x.type !== 'step' && x.type !== 'epoch') continue;
    worst = Math.max(worst, Math.abs(x.loss - y.loss), Math.abs(x.b! - y.b!), ...x.w!.map((v, j) => Math.abs(v - y.w![j])));
  }
  return worst;
}

test('one step by hand: both engines give Σl = 0.5 and ∂Σl/∂[w, b] = [2, 1] on X = [1, 2], y = [1, 1], w = 1, b = 0', () => {
  for (const engine of [createFusedEngine(1, 2), createAutogradEngine(linearRegression(1))]) {
    const g = new Float64Array(2);
    assert.is(engine.forwardBackward(new Float64Array([1, 2]), new Float64Array([1, 1]), 2, new Float64Array([1, 0]), g), 0.5, engine.name);
    assert.equal(Array.from(g), [2, 1], engine.name);
  }
});

for (const optimizer of ['sgd', 'momentum', 'adam'] as const) {
  test(`fused = autograd within 1e-12 over a whole run (lesson, ${optimizer}, 3 epochs)`, async () => {
    const ds = syntheticLinear({ n: 1000, seed: 11 });
    const run = (engine: 'fused' | 'autograd') =>
      collect(minibatches(ds, { batchSize: 10, epochs: 3, seed: 11 }).pipe(train({ lr: 0.03, optimizer, engine, dataset: ds })));
    const [f, a] = await Promise.all([run('fused'), run('autograd')]);
    assert.is(f.filter((e) => e.type === 'step').length, 300);
    const diff = maxDiff(f, a);
    assert.ok(diff <= 1e-12, `max difference ${diff}`);
  });
}

test('fused = autograd with a short last batch and 6 features', async () => {
  const ds = syntheticLinear({ n: 95, w: [1, -2, 3, 0.5, -0.7, 2.2], b: 1, seed: 5 });
  const run = (engine: 'fused' | 'autograd') =>
    collect(minibatches(ds, { batchSize: 16, epochs: 2, seed: 5 }).pipe(train({ lr: 0.05, optimizer: 'momentum', engine })));
  const [f, a] = await Promise.all([run('fused'), run('autograd')]);
  assert.ok(maxDiff(f, a) <= 1e-12, String(maxDiff(f, a)));
});

test('the autograd engine also reproduces the PyTorch fixture within 1e-9, and a plain-loop adam run', async () => {
  const fx = loadFixture();
  const cmp = compareToReference(await collect(referenceRun(fx, { engine: 'autograd' })), fx);
  assert.ok(cmp.problems.length === 0 && cmp.maxDeviation <= 1e-9, formatComparison(cmp));
  const plain = plainReference({ n: 45, d: 3, batchSize: 8, epochs: 2, lr: 0.05, optimizer: { name: 'adam' }, seed: 9 });
  const cmp2 = compareToReference(await collect(referenceRun(plain, { engine: 'autograd' })), plain);
  assert.ok(cmp2.problems.length === 0 && cmp2.maxDeviation <= 1e-9, formatComparison(cmp2));
});

test('explain.every adds explain events after their steps: ŷ, residual, per-sample loss, Xᵀr, before/after, the graph', async () => {
  const fx = loadFixture();
  for (const engine of ['fused', 'autograd'] as const) {
    const events = await collect(referenceRun(fx, { engine, explain: { first: false, epochStart: false, every: 100 } }));
    const explained = events.filter((e): e is ExplainEvent => e.type === 'explain');
    assert.equal(explained.map((e) => e.globalStep), [100, 200, 300], engine);
    // Each explain event follows the step event it explains, and does not change it.
    for (const e of explained) {
      const at = events.indexOf(e);
      assert.equal(events[at - 1].type === 'step' && (events[at - 1] as StepEvent).globalStep, e.globalStep);
    }
    const { explain: ex } = explained[0];
    const stepEvent = events.find((e): e is StepEvent => e.type === 'step' && e.globalStep === 100)!;
    const step = fx.steps[99];
    assert.is(ex.size, 10);
    assert.ok(Math.abs(ex.lossSum - step.lossSum) < 1e-12);
    assert.ok(ex.check! <= 1e-12, `autograd vs the run's numbers: ${ex.check}`);
    // Independent of the engine: recompute from the explanation's own numbers.
    const r = ex.X.map((row, i) => row[0] * ex.before!.w[0] + row[1] * ex.before!.w[1] + ex.before!.b - ex.y[i]);
    r.forEach((ri, i) => assert.ok(Math.abs(ri - ex.residual![i]) < 1e-12));
    const gw0 = r.reduce((s, ri, i) => s + ri * ex.X[i][0], 0);
    assert.ok(Math.abs(gw0 - ex.grad!.w[0]) < 1e-12);
    assert.ok(Math.abs(ex.before!.w[0] - (0.03 * ex.grad!.w[0]) / 10 - ex.after!.w[0]) < 1e-15);
    // After the step: exactly the step event's parameters, and the fixture's within 1e-9.
    assert.equal(ex.after!.w, stepEvent.w);
    ex.after!.w.forEach((v, j) => assert.ok(Math.abs(v - step.w[j]) <= 1e-9, `w[${j}] ${v} vs fixture ${step.w[j]}`));
    assert.ok(Math.abs(ex.perSample.reduce((s, x) => s + x, 0) - ex.lossSum) < 1e-12);
    // Every engine's explanation carries the graph of its autograd pass: the w node holds the values before the step and ∂Σl/∂w.
    const wNode = ex.graph!.nodes.find((n) => n.op === 'leaf' && n.name === 'w')!;
    assert.equal(wNode.shape, [2, 1]);
    assert.equal(wNode.value, ex.before!.w);
    wNode.grad!.forEach((g, j) => assert.ok(Math.abs(g - ex.grad!.w[j]) < 1e-12));
    assert.ok(ex.graph!.nodes.length >= 8 && ex.graph!.nodes.some((n) => n.op === 'matmul'));
  }
});

for (const optimizer of ['sgd', 'momentum', 'adam'] as const) {
  test(`${optimizer}: an explanation's update rows are the step's real parameter change, with the optimizer's own state`, async () => {
    const ds = syntheticLinear({ n: 200, seed: 4 });
    const events = await collect(minibatches(ds, { batchSize: 10, epochs: 2, seed: 4 }).pipe(train({ lr: 0.05, optimizer, dataset: ds, explain: { every: 7 } })));
    const steps = new Map(events.filter((e): e is StepEvent => e.type === 'step').map((e) => [e.globalStep, e]));
    const explained = events.filter((e): e is ExplainEvent => e.type === 'explain');
    assert.ok(explained.length >= 5);
    for (const { globalStep, explain } of explained) {
      const u = explain.update!;
      assert.is(u.optimizer.name, optimizer);
      const before = globalStep === 1 ? (events[0] as RunEvent) : steps.get(globalStep - 1)!;
      const after = steps.get(globalStep)!;
      const pBefore = [...before.w!, before.b!];
      const pAfter = [...after.w!, after.b!];
      u.params.forEach((row, j) => {
        assert.ok(Math.abs(row.change - (pAfter[j] - pBefore[j])) <= 1e-12, `${row.name} at step ${globalStep}`);
        assert.is(row.before, pBefore[j]);
        assert.is(row.after, pAfter[j]);
      });
      // The rule, recomputed from the rows alone (torch.optim's formulas).
      for (const row of u.params) {
        if (optimizer === 'sgd') assert.ok(Math.abs(row.change + 0.05 * row.grad) <= 1e-15);
        if (optimizer === 'momentum') {
          const v = globalStep === 1 ? row.grad : 0.9 * row.velocity!.before + row.grad;
          assert.ok(Math.abs(row.velocity!.after - v) <= 1e-15 && Math.abs(row.change + 0.05 * v) <= 1e-15);
        }
        if (optimizer === 'adam') {
          assert.ok(Math.abs(row.m!.after - (0.9 * row.m!.before + 0.1 * row.grad)) <= 1e-15);
          assert.ok(Math.abs(row.change + (0.05 * row.mHat!) / (Math.sqrt(row.vHat!) + 1e-8)) <= 1e-12);
        }
      }
    }
  });
}

test.run();
