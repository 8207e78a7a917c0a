// The MLP's fused engine (plain loops, no graph) against the autograd engine (the model's own graph):
// the same summed loss, gradient and `correct`, within 1e-12, for every loss × activation, odd shapes,
// a short last batch and a batch larger than the engine was made for; and whole runs, fixtures included.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { minibatches, moons } from '@gradstream/data';
import type { EngineName, TrainEvent } from '@gradstream/events';
import { compareToReference, createAutogradEngine, formatComparison, mlp, modelFromSpec, referenceBatches, train, type ActivationName, type Model } from '../src/index.js';
import { readFixture } from '../src/node.js';
import { seededUniform } from '../src/init.js';
import { createMlpEngine } from '../src/models/mlp-fused.js';
import { collect } from './helpers.js';

type Loss = 'squared' | 'cross-entropy' | 'hinge' | 'logistic';

/** |a − b| / max(1, |b|), the measure explanations use for `check`. */
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));

/** Labels valid for the loss: any number, a class index, ±1 or 0/1. */
function label(loss: Loss, k: number, u: number): number {
  if (loss === 'squared') return 4 * u - 2;
  if (loss === 'cross-entropy') return Math.floor(u * k);
  if (loss === 'hinge') return u < 0.5 ? -1 : 1;
  return u < 0.5 ? 0 : 1;
}

/** Runs both engines on the same batches; returns the worst relative difference over losses and gradients. */
function compareEngines(sizes: number[], activation: ActivationName | null, loss: Loss, l2: number, batches: number[], scale = 1): number {
  const model = mlp({ sizes, activation, loss, l2 });
  const fused = createMlpEngine(model.spec!, batches[0]);
  const graph = createAutogradEngine(model);
  const u = seededUniform(sizes.length * 7 + batches.length);
  const p = model.init!(3).map((v) => v * scale);
  const d = sizes[0];
  const k = sizes.at(-1)!;
  let worst = 0;
  for (const size of batches) {
    const X = Float64Array.from({ length: size * d }, () => 6 * u() - 3);
    const y = Float64Array.from({ length: size }, () => label(loss, k, u()));
    const [gf, ga] = [new Float64Array(p.length), new Float64Array(p.length)];
    const lf = fused.forwardBackward(X, y, size, p, gf);
    const la = graph.forwardBackward(X, y, size, p, ga);
    assert.ok(Number.isFinite(lf) && gf.every(Number.isFinite), `finite at ${size} rows`);
    assert.is(fused.correct, graph.correct, `correct rows at ${size} rows`);
    worst = Math.max(worst, rel(lf, la), ...gf.map((g, i) => rel(g, ga[i])));
    // Both engines took a real step: a nonzero loss and gradient.
    assert.ok(la > 0 && ga.some((g) => g !== 0), `${la}`);
  }
  return worst;
}

const losses: Loss[] = ['squared', 'cross-entropy', 'hinge', 'logistic'];
const activations: ActivationName[] = ['relu', 'tanh', 'sigmoid'];
for (const loss of losses) {
  for (const activation of activations) {
    test(`fused = autograd within 1e-12: ${loss} × ${activation}, sizes 3-7-5-k, batches 9, 9, a short 4, then 13 (grown)`, () => {
      const k = loss === 'cross-entropy' ? 4 : 1;
      const worst = compareEngines([3, 7, 5, k], activation, loss, 1e-3, [9, 9, 4, 13]);
      assert.ok(worst <= 1e-12, `worst relative difference ${worst}`);
    });
  }
}

test('fused = autograd without hidden layers (softmax, logistic, linear) and with 4 hidden layers, l2 0 and 0.1', () => {
  for (const [sizes, loss] of [[[5, 3], 'cross-entropy'], [[2, 1], 'logistic'], [[4, 1], 'squared'], [[1, 2, 3, 2, 5, 1], 'hinge']] as [number[], Loss][]) {
    for (const l2 of [0, 0.1]) {
      const worst = compareEngines(sizes, 'tanh', loss, l2, [6, 1, 6]);
      assert.ok(worst <= 1e-12, `${sizes.join('-')} ${loss} l2 ${l2}: ${worst}`);
    }
  }
});

test('cross-entropy with logits near ±1000 stays finite and equal; so does the logistic loss', () => {
  for (const [sizes, loss] of [[[2, 3], 'cross-entropy'], [[2, 6, 3], 'cross-entropy'], [[2, 1], 'logistic']] as [number[], Loss][]) {
    // Weights ×1500 on inputs in [−3, 3]: logits of hundreds to thousands, where e^x overflows.
    const worst = compareEngines(sizes, 'tanh', loss, 0, [8, 3], 1500);
    assert.ok(worst <= 1e-12, `${sizes.join('-')}: ${worst}`);
  }
  const model = mlp({ sizes: [1, 2], loss: 'cross-entropy' });
  const g = new Float64Array(4);
  // logits [1000, −1000] for label 1: loss 2000, gradient of the logits [1, −1].
  const loss = createMlpEngine(model.spec!, 1).forwardBackward(new Float64Array([1]), new Float64Array([1]), 1, new Float64Array([1000, -1000, 0, 0]), g);
  assert.is(loss, 2000);
  assert.equal(Array.from(g), [1, -1, 1, -1]);
});

/** Max |difference| over the losses and parameters of two runs' step and epoch events. */
function runDiff(a: TrainEvent[], b: TrainEvent[]): number {
  assert.is(a.length, b.length);
  let worst = 0;
  a.forEach((x, i) => {
    const y = b[i];
    if ((x.type !== 'step' && x.type !== 'epoch') || y.type !== x.type) return;
    worst = Math.max(worst, Math.abs(x.loss - y.loss));
    if (x.type === 'epoch' && y.type === 'epoch') assert.is(x.accuracy, y.accuracy);
    const px = x.type === 'step' ? x.params! : {};
    const py = y.type === 'step' ? y.params! : {};
    for (const name of Object.keys(px)) px[name].forEach((v, j) => (worst = Math.max(worst, Math.abs(v - py[name][j]))));
  });
  return worst;
}

/**
 * The model with its fused engine attached as `fused`. Runs below pass no dataset: with one, run-start.ts
 * still takes any model with `fused` for the linear lesson and evaluates epochs with the linear evaluator.
 */
const withFused = (model: Model): Model => ({ ...model, fused: (maxBatch) => createMlpEngine(model.spec!, maxBatch) });

test("a whole run: micrograd's moons MLP (adam, batch 16, short last batch) trains the same with either engine, explanations check ≤ 1e-12", async () => {
  const data = moons({ n: 90, noise: 0.1, seed: 7, labels: 'pm1' });
  const model = mlp({ sizes: [2, 16, 16, 1], activation: 'relu', loss: 'hinge', l2: 1e-4 });
  const run = (engine: EngineName) =>
    collect(minibatches(data, { batchSize: 16, epochs: 3, seed: 7 }).pipe(train({ model: withFused(model), lr: 0.01, optimizer: 'adam', engine, explain: { every: 5 } })));
  const [f, a] = await Promise.all([run('fused'), run('autograd')]);
  assert.is(f.filter((e) => e.type === 'step').length, 18);
  const engines = [f[0], a[0]].map((e) => (e.type === 'run' ? e.config.engine : ''));
  assert.equal(engines, ['fused', 'autograd']);
  assert.ok(runDiff(f, a) <= 1e-12, String(runDiff(f, a)));
  // Each explanation checks the fused engine's loss and gradient against the model's graph.
  const checks = f.flatMap((e) => (e.type === 'explain' ? [e.explain.check!] : []));
  assert.ok(checks.length >= 3 && checks.every((c) => c <= 1e-12), String(checks));
});

for (const file of ['softmax-blobs-sgd.json', 'mlp-tanh-adam.json', 'micrograd-moons.json']) {
  test(`${file}: every step's loss and parameters match PyTorch within 1e-9 on the fused engine (and on autograd)`, async () => {
    const fx = await readFixture(new URL(`../../../fixtures/${file}`, import.meta.url).pathname);
    const model = withFused(modelFromSpec(fx.model));
    let at = 0;
    const init = Object.fromEntries(model.parameters.map(({ name, shape }) => [name, fx.init.slice(at, (at += shape.reduce((a, b) => a * b, 1)))]));
    for (const engine of ['fused', 'autograd'] as EngineName[]) {
      const events = await collect(referenceBatches(fx).pipe(train({ model, init, lr: fx.lr, optimizer: fx.optimizer, engine })));
      assert.is(events[0].type === 'run' && events[0].config.engine, engine);
      const cmp = compareToReference(events, fx);
      assert.is(cmp.stepsCompared, fx.steps.length);
      assert.ok(cmp.worst.loss.value <= 1e-9 && cmp.worst.params.value <= 1e-9, `${engine}: ${formatComparison(cmp)}`);
    }
  });
}

test.run();
