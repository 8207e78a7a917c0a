// The model fixtures of issue 15 (fixtures/*.json at the repository root, from fixtures/make_model_fixtures.py)
// replayed with this engine's ops and a hand-written torch.optim step: every step's loss and every parameter
// after it, and every epoch's loss and accuracy, within 1e-9 of PyTorch. This checks the new ops end to end
// (crossEntropy, tanh, relu, hinge, l2 inside real training) and the fixtures' stated semantics.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { crossEntropy, hinge, l2, noGrad, tensor, type Tensor } from '../src/index.js';

interface Fixture {
  model: { sizes: number[]; activation: 'relu' | 'tanh' | 'sigmoid' | null; loss: 'squared' | 'cross-entropy' | 'hinge'; l2: number };
  n: number;
  d: number;
  classes: number | null;
  batchSize: number;
  lr: number;
  epochs: number;
  optimizer: { name: 'sgd' } | { name: 'momentum'; momentum: number } | { name: 'adam'; beta1: number; beta2: number; eps: number };
  features: number[];
  labels: number[];
  init: Record<string, { shape: number[]; data: number[] }>;
  order: number[][];
  steps: { epoch: number; step: number; size: number; loss: number; params: Record<string, number[]> }[];
  epochLoss: number[];
  epochAccuracy: number[] | null;
}

const load = (name: string): Fixture => JSON.parse(readFileSync(new URL(`../../../fixtures/${name}`, import.meta.url), 'utf8')) as Fixture;

function near(actual: number, expected: number, what: string): void {
  if (!(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)))) assert.unreachable(`${what}: ${actual} vs PyTorch ${expected}`);
}

function forward(fx: Fixture, params: Map<string, Tensor>, X: Tensor): Tensor {
  const layers = fx.model.sizes.length - 1;
  let h = X;
  for (let i = 1; i <= layers; i++) {
    h = h.matmul(params.get(`W${i}`)!).add(params.get(`b${i}`)!);
    if (i < layers && fx.model.activation !== null) h = h[fx.model.activation]();
  }
  return h;
}

/** Mean over the rows of the per-row loss + l2·Σp², as the fixture's semantics say. */
function loss(fx: Fixture, params: Map<string, Tensor>, rows: number[]): Tensor {
  const X = tensor(rows.map((i) => fx.features.slice(i * fx.d, (i + 1) * fx.d)));
  const y = rows.map((i) => fx.labels[i]);
  const out = forward(fx, params, X);
  let sum: Tensor;
  if (fx.model.loss === 'cross-entropy') sum = crossEntropy(out, y);
  else if (fx.model.loss === 'hinge') sum = hinge(out, y);
  else sum = out.sub(tensor(y.map((v) => [v]))).pow(2).div(2).sum();
  const data = sum.div(rows.length);
  return fx.model.l2 === 0 ? data : data.add(l2([...params.values()]).mul(fx.model.l2));
}

function accuracy(fx: Fixture, params: Map<string, Tensor>): number {
  const all = Array.from({ length: fx.n }, (_, i) => i);
  const out = forward(fx, params, tensor(all.map((i) => fx.features.slice(i * fx.d, (i + 1) * fx.d))));
  const k = out.shape[1];
  let right = 0;
  for (let i = 0; i < fx.n; i++) {
    if (fx.model.loss === 'hinge') right += out.data[i] > 0 === fx.labels[i] > 0 ? 1 : 0;
    else {
      let best = 0;
      for (let j = 1; j < k; j++) if (out.data[i * k + j] > out.data[i * k + best]) best = j;
      right += best === fx.labels[i] ? 1 : 0;
    }
  }
  return right / fx.n;
}

/** torch.optim's SGD, SGD with momentum (dampening 0) and Adam (1.13's single-tensor form). */
function optimizer(fx: Fixture, params: Tensor[]): () => void {
  const o = fx.optimizer;
  const m = params.map((p) => new Float64Array(p.numel));
  const v = params.map((p) => new Float64Array(p.numel));
  let t = 0;
  return () => {
    t++;
    params.forEach((p, k) => {
      const g = p.grad!.data;
      for (let i = 0; i < g.length; i++) {
        if (o.name === 'sgd') p.data[i] -= fx.lr * g[i];
        else if (o.name === 'momentum') {
          m[k][i] = t === 1 ? g[i] : o.momentum * m[k][i] + g[i];
          p.data[i] -= fx.lr * m[k][i];
        } else {
          m[k][i] = m[k][i] * o.beta1 + (1 - o.beta1) * g[i];
          v[k][i] = v[k][i] * o.beta2 + (1 - o.beta2) * g[i] * g[i];
          const denom = Math.sqrt(v[k][i]) / Math.sqrt(1 - o.beta2 ** t) + o.eps;
          p.data[i] -= (fx.lr / (1 - o.beta1 ** t)) * (m[k][i] / denom);
        }
      }
      p.grad!.zero_();
    });
  };
}

for (const name of ['softmax-blobs-sgd.json', 'mlp-tanh-adam.json', 'micrograd-moons.json', 'linear-momentum.json']) {
  test(`${name}: every step's loss and parameters, every epoch's loss and accuracy match PyTorch within 1e-9`, () => {
    const fx = load(name);
    const params = new Map(Object.entries(fx.init).map(([key, p]) => [key, tensor(p.data, { shape: p.shape, requiresGrad: true, name: key })]));
    const step = optimizer(fx, [...params.values()]);
    let s = 0;
    for (let epoch = 0; epoch < fx.epochs; epoch++) {
      for (let start = 0; start < fx.n; start += fx.batchSize) {
        const rows = fx.order[epoch].slice(start, start + fx.batchSize);
        const l = loss(fx, params, rows);
        l.backward();
        noGrad(step);
        const ref = fx.steps[s++];
        assert.equal([ref.epoch, ref.size], [epoch + 1, rows.length]);
        near(l.item(), ref.loss, `${name} step ${s} loss`);
        for (const [key, p] of params) p.data.forEach((x, i) => near(x, ref.params[key][i], `${name} step ${s} ${key}[${i}]`));
      }
      const all = Array.from({ length: fx.n }, (_, i) => i);
      near(noGrad(() => loss(fx, params, all).item()), fx.epochLoss[epoch], `${name} epoch ${epoch + 1} loss`);
      if (fx.epochAccuracy !== null) assert.is(accuracy(fx, params), fx.epochAccuracy[epoch], `${name} epoch ${epoch + 1} accuracy`);
    }
    assert.is(s, fx.steps.length);
  });
}

test('the fixtures have the shapes the issue asks for', () => {
  const softmax = load('softmax-blobs-sgd.json');
  assert.ok(softmax.n % softmax.batchSize !== 0, 'softmax: a short last batch');
  const mlp = load('mlp-tanh-adam.json');
  assert.equal([mlp.model.activation, mlp.optimizer.name], ['tanh', 'adam']);
  const micro = load('micrograd-moons.json');
  assert.equal([micro.model.sizes, micro.model.activation, micro.model.loss, micro.model.l2], [[2, 16, 16, 1], 'relu', 'hinge', 1e-4]);
  assert.equal([...new Set(micro.labels)].sort(), [-1, 1]);
  assert.equal(load('linear-momentum.json').model.sizes, [2, 1]);
});

test.run();
