// An independent reference for the trainer, written the plainest way: its own data generator and
// shuffles, the closed-form gradient of Σ(ŷ − y)²/2 accumulated sample by sample, and the textbook
// update formulas (Adam with m ← β1·m + (1 − β1)·g rather than torch's lerp). It shares no code with
// src/, and emits a trajectory in the reference-fixture format, so `referenceRun` can be checked
// against it for any batch size, feature count and optimizer.
import type { OptimizerConfig } from '@gradstream/events';
import type { ReferenceFixture, ReferenceStep } from '../src/index.js';

/** A small deterministic generator (mulberry32) so the fixture is reproducible without stdlib. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface PlainOptions {
  n: number;
  d: number;
  batchSize: number;
  epochs: number;
  lr: number;
  optimizer: OptimizerConfig;
  seed: number;
}

export function plainReference(o: PlainOptions): ReferenceFixture {
  const u = rng(o.seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  const trueW = Array.from({ length: o.d }, (_, j) => (j % 2 === 0 ? 2 : -3.4) / (1 + j));
  const trueB = 4.2;
  const features: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < o.n; i++) {
    let y = trueB;
    for (let j = 0; j < o.d; j++) {
      const x = gauss();
      features.push(x);
      y += x * trueW[j];
    }
    labels.push(y + 0.01 * gauss());
  }
  const init = { w: Array.from({ length: o.d }, () => 0.01 * gauss()), b: 0 };
  const order: number[][] = [];
  for (let e = 0; e < o.epochs; e++) {
    const p = Array.from({ length: o.n }, (_, i) => i);
    for (let i = o.n - 1; i > 0; i--) {
      const k = Math.floor(u() * (i + 1));
      [p[i], p[k]] = [p[k], p[i]];
    }
    order.push(p);
  }

  const w = [...init.w];
  let b = init.b;
  const dim = o.d + 1;
  const m = new Array(dim).fill(0);
  const v = new Array(dim).fill(0);
  let t = 0;
  const steps: ReferenceStep[] = [];
  const epochLoss: number[] = [];
  const predict = (i: number) => {
    let s = b;
    for (let j = 0; j < o.d; j++) s += features[i * o.d + j] * w[j];
    return s;
  };
  for (let e = 0; e < o.epochs; e++) {
    for (let start = 0, step = 1; start < o.n; start += o.batchSize, step++) {
      const rows = order[e].slice(start, start + o.batchSize);
      const grad = new Array(dim).fill(0); // of the summed loss
      let lossSum = 0;
      for (const i of rows) {
        const r = predict(i) - labels[i];
        lossSum += (r * r) / 2;
        for (let j = 0; j < o.d; j++) grad[j] += r * features[i * o.d + j];
        grad[o.d] += r;
      }
      const g = grad.map((x) => x / rows.length); // of the mean loss
      t++;
      const params = [...w, b];
      for (let k = 0; k < dim; k++) {
        if (o.optimizer.name === 'sgd') {
          params[k] -= o.lr * g[k];
        } else if (o.optimizer.name === 'momentum') {
          const mu = o.optimizer.momentum ?? 0.9;
          m[k] = t === 1 ? g[k] : mu * m[k] + g[k];
          params[k] -= o.lr * m[k];
        } else {
          const b1 = o.optimizer.beta1 ?? 0.9;
          const b2 = o.optimizer.beta2 ?? 0.999;
          const eps = o.optimizer.eps ?? 1e-8;
          m[k] = b1 * m[k] + (1 - b1) * g[k];
          v[k] = b2 * v[k] + (1 - b2) * g[k] * g[k];
          const mHat = m[k] / (1 - b1 ** t);
          const vHat = v[k] / (1 - b2 ** t);
          params[k] -= (o.lr * mHat) / (Math.sqrt(vHat) + eps);
        }
      }
      for (let j = 0; j < o.d; j++) w[j] = params[j];
      b = params[o.d];
      steps.push({ epoch: e + 1, step, size: rows.length, lossSum, w: [...w], b });
    }
    let total = 0;
    for (let i = 0; i < o.n; i++) total += (predict(i) - labels[i]) ** 2 / 2;
    epochLoss.push(total / o.n);
  }
  return { n: o.n, d: o.d, batchSize: o.batchSize, lr: o.lr, epochs: o.epochs, optimizer: o.optimizer, trueW, trueB, features, labels, init, order, steps, epochLoss };
}
