// explain(): the lesson's backward pass must read as the hand computation and carry the same
// numbers as the engine; every step's upstream gradient must equal an independent grad() call.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { explain, grad, noGrad, renderBackward, tensor, type Tensor } from '../src/index.js';
import { close, randomTensor, rng } from './helpers.js';

function lessonGraph(seed: number) {
  const next = rng(seed);
  const n = 10;
  const Xd = Array.from({ length: n }, () => [next() * 2 - 1, next() * 2 - 1]);
  const yd = Xd.map(([a, c]) => 2 * a - 3.4 * c + 4.2);
  const X = tensor(Xd, { name: 'X' });
  const y = tensor(yd, { name: 'y' });
  const w = tensor([[0.01], [-0.02]], { requiresGrad: true, name: 'w' });
  const b = tensor([0], { requiresGrad: true, name: 'b' });
  const yHat = X.matmul(w).add(b);
  const l = yHat.sub(y.reshape(yHat.shape)).pow(2).div(2).sum();
  return { Xd, yd, X, y, w, b, yHat, l };
}

test('the lesson: ŷ, residuals, per-sample losses, their sum and the three gradients, by hand', () => {
  const { Xd, yd, w, b, l } = lessonGraph(1);
  const e = explain(l);
  const lesson = e.lesson!;
  assert.ok(lesson, 'the lesson graph is recognized');
  const yHat = Xd.map(([a, c]) => a * 0.01 + c * -0.02);
  const r = yHat.map((p, i) => p - yd[i]);
  close(lesson.yHat, yHat, 1e-14, 'ŷ');
  close(lesson.residual, r, 1e-14, 'ŷ − y');
  close(lesson.perSample, r.map((x) => (x * x) / 2), 1e-14, 'per-sample');
  close([lesson.lossSum, e.loss.value], [r.reduce((s, x) => s + (x * x) / 2, 0), l.item()], 1e-14, 'loss');
  close(lesson.grad.yHat, r, 1e-14, '∂l/∂ŷ');
  close(lesson.grad.w, [0, 1].map((j) => r.reduce((s, ri, i) => s + Xd[i][j] * ri, 0)), 1e-13, '∂l/∂w');
  close([lesson.grad.b!], [r.reduce((s, x) => s + x, 0)], 1e-13, '∂l/∂b');
  assert.ok(lesson.agrees);
  // explain reads, it does not write
  assert.is(w.grad, null);
  assert.is(b.grad, null);
  l.backward();
  close(w.grad!.data, lesson.grad.w, 1e-13, 'w.grad after backward');
});

test('the steps go from the loss down with the rules a learner writes', () => {
  const { l } = lessonGraph(2);
  const e = explain(l);
  assert.equal(e.steps.map((s) => s.op), ['sum', 'div', 'pow', 'sub', 'add', 'matmul']);
  assert.equal(e.steps.map((s) => s.label), ['l', '(ŷ − y)²/2', '(ŷ − y)²', 'ŷ − y', 'ŷ', 'X·w']);
  const rules = e.steps.flatMap((s) => s.sends.map((x) => `${x.label}: ${x.rule}`));
  assert.equal(rules, [
    '(ŷ − y)²/2: ∂l/∂((ŷ − y)²/2) = g, copied to each of its 10 entries',
    '(ŷ − y)²: ∂((ŷ − y)²/2)/∂((ŷ − y)²) = g / 2',
    'ŷ − y: ∂((ŷ − y)²)/∂(ŷ − y) = 2·(ŷ − y) * g',
    'ŷ: ∂(ŷ − y)/∂ŷ = g',
    'X·w: ∂ŷ/∂(X·w) = g',
    'b: ∂ŷ/∂b = Σ g (summed over the 10 positions it was broadcast to)',
    'w: ∂(X·w)/∂w = Xᵀ·g',
  ]);
  assert.equal(e.steps.flatMap((s) => s.sends.flatMap((x) => (x.meaning === undefined ? [] : [x.meaning]))), [
    '∂l/∂(ŷ − y) = ŷ − y',
    '∂l/∂ŷ = ŷ − y',
    '∂l/∂(X·w) = ŷ − y',
    '∂l/∂b = Σ(ŷ − y)',
    '∂l/∂w = Xᵀ(ŷ − y)',
  ]);
  assert.ok(e.text.includes('→ w: ∂(X·w)/∂w = Xᵀ·g = ') && e.text.includes('that is ∂l/∂w = Xᵀ(ŷ − y)'));
  const matmul = e.steps[5];
  assert.equal(matmul.inputs.map((i) => i.label), ['X', 'w']);
  assert.equal(e.leaves.map((x) => x.label), ['w', 'b']);
  for (const phrase of ['ŷ = X·w + b', '(residuals)', '(per-sample losses)', 'l = Σ(ŷ − y)²/2', '∂l/∂ŷ = ŷ − y', '∂l/∂w = Xᵀ(ŷ − y)', '∂l/∂b = Σ(ŷ − y)', '∂(X·w)/∂w = Xᵀ·g', 'w.grad += ']) {
    assert.ok(e.text.includes(phrase), `text mentions ${phrase}`);
  }
});

test('every upstream gradient and every leaf gradient equals an independent grad() on a random graph', () => {
  const next = rng(99);
  const x = randomTensor(next, [3, 2]);
  const v = randomTensor(next, [2]);
  const c = randomTensor(next, [3, 1], 0.5, 2);
  const h1 = x.mul(v);
  const h2 = h1.relu().div(c);
  const h3 = h2.T.matmul(x).pow(2);
  const l = h3.mean().add(h1.sum(1).sum());
  const e = explain(l);
  const byId = new Map<string, Tensor>([[`n${h1.id}`, h1], [`n${h2.id}`, h2], [`n${h3.id}`, h3]]);
  let compared = 0;
  for (const s of e.steps) {
    const t = byId.get(s.id);
    if (t === undefined) continue;
    const [g] = grad(l, [t], { retainGraph: true });
    close(s.upstream, g.data, 1e-12, `upstream of ${s.label}`);
    compared++;
  }
  assert.is(compared, 3);
  const leafGrads = grad(l, [x, v, c], { retainGraph: true });
  close(e.leaves.find((z) => z.id === `n${x.id}`)!.grad, leafGrads[0].data, 1e-12, 'x');
  close(e.leaves.find((z) => z.id === `n${c.id}`)!.grad, leafGrads[2].data, 1e-12, 'c');
  assert.is(e.lesson, null);
});

test('explain works after backward() freed the graph, and the graph stays freed for training', () => {
  const { l } = lessonGraph(3);
  l.backward();
  assert.ok(explain(l).lesson!.agrees);
  assert.throws(() => l.backward(), /a second time/);
});

test('explain refuses a graph whose parameters were updated in place, and a non-scalar loss', () => {
  const { w, yHat, l } = lessonGraph(4);
  assert.throws(
    () => explain(yHat),
    (err: Error) =>
      err.message ===
      'invalid argument. explain() needs a scalar (one-element) loss, like backward() without a gradient argument. Value: shape `[10, 1]`. Pass l.sum(), as d2l does before backward().',
  );
  l.backward();
  noGrad(() => w.sub_(w.grad!.mul(0.003)));
  assert.throws(
    () => explain(l),
    (err: Error) =>
      err.message ===
      'invalid invocation. explain() needs the values of the forward pass, but an input was modified in place since then (w, shape [2, 1], used by matmul). Call explain() before the optimizer step, or run the forward pass again.',
  );
});

test('a mean loss and a model without bias are recognized too', () => {
  const X = tensor([[1, 2], [3, 4]]);
  const y = tensor([1, 2]);
  const w = tensor([0.5, -0.5], { requiresGrad: true });
  const yHat = X.matmul(w);
  const e = explain(yHat.sub(y).pow(2).mul(0.5).mean());
  const lesson = e.lesson!;
  assert.is(lesson.reduction, 'mean');
  assert.is(lesson.b, null);
  close(lesson.grad.w, [((-1.5) * 1 + (-2.5) * 3) / 2, ((-1.5) * 2 + (-2.5) * 4) / 2], 1e-14, '∂l/∂w for a mean');
  assert.ok(lesson.agrees);
  assert.ok(e.text.includes('∂l/∂w = Xᵀ(ŷ − y)/2'));
});

test('renderBackward (named apart from the step explainers of events and the CLI) is the text explain() attaches', () => {
  const x = tensor([1, 2], { requiresGrad: true, name: 'x' });
  const e = explain(x.pow(2).sum());
  assert.is(renderBackward(e), e.text);
  assert.match(e.text, /x/);
});

test.run();
