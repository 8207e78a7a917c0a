// The three optimizers against hand-computed steps, then the whole runner against an independent
// plain-loop reference for other batch sizes (short last batch included), feature counts and optimizers.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compareToReference, createFusedEngine, createOptimizer, formatComparison, referenceRun, resolveOptimizer } from '../src/index.js';
import { collect } from './helpers.js';
import { plainReference } from './plain-reference.js';

// One feature, two rows: X = [1, 2], y = [1, 1], start w = 1, b = 0.
// Residual r = X·w + b − y = [0, 1]; Σl = 0.5; ∂Σl/∂w = Σ x·r = 2, ∂Σl/∂b = Σ r = 1;
// on the mean loss (÷ 2): g = [1, 0.5].
const X = new Float64Array([1, 2]);
const Y = new Float64Array([1, 1]);

function run(name: 'sgd' | 'momentum' | 'adam', steps: number, lr = 0.1): { p: Float64Array; losses: number[] } {
  const p = new Float64Array([1, 0]);
  const g = new Float64Array(2);
  const engine = createFusedEngine(1, 2);
  const opt = createOptimizer(name, 2);
  const losses: number[] = [];
  for (let k = 0; k < steps; k++) {
    losses.push(engine.forwardBackward(X, Y, 2, p, g));
    opt.step(p, g, lr, 2);
  }
  return { p, losses };
}

const close = (actual: number, expected: number, tol = 1e-15) =>
  assert.ok(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `${actual} !== ${expected}`);

test('engine: loss and gradient of the summed loss on the hand example', () => {
  const g = new Float64Array(2);
  const lossSum = createFusedEngine(1, 2).forwardBackward(X, Y, 2, new Float64Array([1, 0]), g);
  assert.is(lossSum, 0.5);
  assert.equal(Array.from(g), [2, 1]);
});

test('sgd: p ← p − lr·g/size', () => {
  const { p } = run('sgd', 1);
  close(p[0], 1 - 0.1 * 1); // 0.9
  close(p[1], 0 - 0.1 * 0.5); // −0.05
});

test('momentum 0.9: buf starts as g, then μ·buf + g', () => {
  const one = run('momentum', 1).p;
  close(one[0], 0.9);
  close(one[1], -0.05);
  // Step 2 at w = 0.9, b = −0.05: r = [−0.15, 0.75]; g = [(−0.15 + 1.5)/2, 0.6/2] = [0.675, 0.3];
  // buf = 0.9·[1, 0.5] + g = [1.575, 0.75]; p = [0.9 − 0.1575, −0.05 − 0.075].
  const { p, losses } = run('momentum', 2);
  close(losses[1], (0.15 ** 2 + 0.75 ** 2) / 2);
  close(p[0], 0.7425);
  close(p[1], -0.125);
});

test('adam: the first step moves each parameter by lr·g/(|g| + ε), the second by the bias-corrected ratio', () => {
  const one = run('adam', 1).p;
  close(one[0], 1 - (0.1 * 1) / (1 + 1e-8));
  close(one[1], 0 - (0.1 * 0.5) / (0.5 + 1e-8));
  const { p } = run('adam', 2);
  // Step 2 from w1, b1: r = [w1 + b1 − 1, 2·w1 + b1 − 1]; g = [(r0 + 2·r1)/2, (r0 + r1)/2];
  // m = 0.9·0.1·g1 + 0.1·g; v = 0.999·0.001·g1² + 0.001·g²; p −= lr·(m/0.19)/(√(v/0.001999) + ε).
  const [w1, b1] = [one[0], one[1]];
  const r0 = w1 + b1 - 1;
  const r1 = 2 * w1 + b1 - 1;
  const g = [(r0 + 2 * r1) / 2, (r0 + r1) / 2];
  const g1 = [1, 0.5];
  const expected = [w1, b1].map((x, k) => {
    const m = 0.9 * 0.1 * g1[k] + 0.1 * g[k];
    const v = 0.999 * 0.001 * g1[k] ** 2 + 0.001 * g[k] ** 2;
    return x - (0.1 * (m / (1 - 0.9 ** 2))) / (Math.sqrt(v / (1 - 0.999 ** 2)) + 1e-8);
  });
  close(p[0], expected[0], 1e-14);
  close(p[1], expected[1], 1e-14);
  // Sanity of the hand numbers: w ≈ 0.9 − 0.1·0.7895/0.8245 ≈ 0.8042.
  assert.ok(Math.abs(p[0] - 0.8042) < 1e-3, String(p[0]));
});

test('optimizer state survives a snapshot: a restored optimizer continues identically', () => {
  for (const name of ['sgd', 'momentum', 'adam'] as const) {
    const a = createOptimizer(name, 2);
    const p = new Float64Array([1, 2]);
    a.step(p, new Float64Array([0.3, -0.2]), 0.1, 1);
    const b = createOptimizer(undefined, 2, JSON.parse(JSON.stringify(a.state())));
    const q = Float64Array.from(p);
    a.step(p, new Float64Array([0.5, 0.1]), 0.1, 1);
    b.step(q, new Float64Array([0.5, 0.1]), 0.1, 1);
    assert.equal(Array.from(q), Array.from(p), name);
  }
});

test('optimizer settings: defaults filled in, bad values rejected with argument, rule and value', () => {
  assert.equal(resolveOptimizer(undefined), { name: 'sgd' });
  assert.equal(resolveOptimizer('momentum'), { name: 'momentum', momentum: 0.9 });
  assert.equal(resolveOptimizer({ name: 'adam', beta2: 0.99 }), { name: 'adam', beta1: 0.9, beta2: 0.99, eps: 1e-8 });
  assert.throws(() => resolveOptimizer({ name: 'momentum', momentum: 1 }), (e: Error) =>
    e.message === 'invalid argument. optimizer.momentum must be a number in [0, 1). Value: `1`.');
  assert.throws(() => resolveOptimizer({ name: 'adam', eps: 0 }), (e: Error) =>
    e.message === 'invalid argument. optimizer.eps must be a positive finite number. Value: `0`.');
  assert.throws(() => resolveOptimizer('rmsprop' as never), (e: Error) =>
    e.message === 'invalid argument. optimizer.name must be one of sgd, momentum, adam. Value: `"rmsprop"`.');
});

const cases = [
  { n: 100, d: 1, batchSize: 7, epochs: 2, lr: 0.05, optimizer: { name: 'sgd' as const }, seed: 1 },
  { n: 103, d: 5, batchSize: 16, epochs: 3, lr: 0.01, optimizer: { name: 'momentum' as const, momentum: 0.8 }, seed: 2 },
  { n: 64, d: 3, batchSize: 64, epochs: 4, lr: 0.1, optimizer: { name: 'adam' as const }, seed: 3 },
  { n: 50, d: 8, batchSize: 1, epochs: 1, lr: 0.02, optimizer: { name: 'adam' as const, beta1: 0.5, beta2: 0.9, eps: 1e-6 }, seed: 4 },
  { n: 37, d: 2, batchSize: 10, epochs: 2, lr: 0.03, optimizer: { name: 'momentum' as const }, seed: 5 },
];

for (const c of cases) {
  test(`runner = plain loop: n ${c.n}, d ${c.d}, batch ${c.batchSize}, ${c.optimizer.name}`, async () => {
    const fx = plainReference(c);
    const events = await collect(referenceRun(fx, { engine: 'fused' }));
    const cmp = compareToReference(events, fx);
    assert.equal(cmp.problems, []);
    assert.is(cmp.stepsCompared, c.epochs * Math.ceil(c.n / c.batchSize));
    assert.ok(cmp.maxDeviation <= 1e-9, formatComparison(cmp));
    // The short last batch is really there and averaged over its own rows.
    const last = events.filter((e) => e.type === 'step').at(-1)!;
    assert.is(last.type === 'step' && last.size, c.n % c.batchSize || c.batchSize);
  });
}

test.run();
