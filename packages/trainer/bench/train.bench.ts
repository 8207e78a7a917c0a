// Benchmark (not a test): the whole pipeline `minibatches(...).pipe(train(...))` against a hand-written
// Float64Array loop doing the same work in the same process (shuffle, gather, forward, loss, gradient,
// update, epoch loss over the dataset). Runs alternate A B A B after a warm-up; medians and ratios are
// printed. Goals: lesson shape ≤ 2× the hand loop, large shape ≤ 1.3×.
//
//   npm run bench -w packages/trainer        (or: cd packages/trainer && npm run bench)
import { from, lastValueFrom, toArray } from 'rxjs';
import { epochOrder, minibatches, syntheticLinear, type Batch, type Dataset } from '@gradstream/data';
import { train } from '../src/index.js';

interface Shape {
  name: string;
  n: number;
  d: number;
  batchSize: number;
  epochs: number;
  lr: number;
  warmup: number;
  rounds: number;
  goal: number;
}

const SHAPES: Shape[] = [
  { name: 'lesson n=1000 d=2 batch=10 epochs=3', n: 1000, d: 2, batchSize: 10, epochs: 3, lr: 0.03, warmup: 30, rounds: 40, goal: 2 },
  { name: 'large n=200000 d=256 batch=256 epochs=1', n: 200_000, d: 256, batchSize: 256, epochs: 1, lr: 0.01, warmup: 2, rounds: 7, goal: 1.3 },
];

// optimum: false — the hand loop does not solve the normal equations, so neither does the pipeline here.
function pipeline(ds: Dataset, s: Shape): number {
  let last = NaN;
  // reuse: train() never keeps a batch, so the producer may refill the same arrays (as the hand loop does).
  minibatches(ds, { batchSize: s.batchSize, epochs: s.epochs, shuffle: true, seed: 1, reuse: true })
    .pipe(train({ lr: s.lr, dataset: ds, optimum: false, explain: false }))
    .subscribe((e) => {
      if (e.type === 'epoch') last = e.loss;
    });
  return last;
}

/** Only the data side: the same minibatch stream with no consumer work. */
function batchesOnly(ds: Dataset, s: Shape): number {
  let rows = 0;
  minibatches(ds, { batchSize: s.batchSize, epochs: s.epochs, shuffle: true, seed: 1, reuse: true }).subscribe((b) => (rows += b.size));
  return rows;
}

/** Only the trainer: train() over batches gathered beforehand. */
function trainOnly(batches: Batch[], ds: Dataset, s: Shape): number {
  let last = NaN;
  from(batches)
    .pipe(train({ lr: s.lr, dataset: ds, optimum: false, explain: false }))
    .subscribe((e) => {
      if (e.type === 'epoch') last = e.loss;
    });
  return last;
}

/**
 * The practical floor: the same algorithm as plain loops over preallocated Float64Arrays. `epochOrder`
 * shuffles exactly as the pipeline does (seeded MT19937, the same permutations): the same work. `lcg`
 * shuffles with a one-line LCG instead: a lower bound that a seeded, resumable shuffle cannot reach.
 */
function handLoop(ds: Dataset, s: Shape, shuffle: 'lcg' | 'epochOrder'): number {
  const { n, d, X, y } = ds;
  const bs = s.batchSize;
  const perm = new Uint32Array(n);
  const Xb = new Float64Array(bs * d);
  const yb = new Float64Array(bs);
  const r = new Float64Array(bs);
  const g = new Float64Array(d);
  const w = new Float64Array(d);
  for (let j = 0; j < d; j++) w[j] = 0.01 * Math.sin(j + 1); // any small start
  let b = 0;
  let seed = 12345;
  const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296);
  let epochLoss = NaN;
  for (let epoch = 0; epoch < s.epochs; epoch++) {
    if (shuffle === 'epochOrder') {
      perm.set(epochOrder(n, 1, epoch + 1));
    } else {
      for (let i = 0; i < n; i++) perm[i] = i;
      for (let i = n - 1; i > 0; i--) {
        const k = Math.floor(rand() * (i + 1));
        const t = perm[i];
        perm[i] = perm[k];
        perm[k] = t;
      }
    }
    for (let start = 0; start < n; start += bs) {
      const size = Math.min(bs, n - start);
      for (let i = 0; i < size; i++) {
        const row = perm[start + i];
        for (let j = 0; j < d; j++) Xb[i * d + j] = X[row * d + j];
        yb[i] = y[row];
      }
      let gb = 0;
      let lossSum = 0;
      for (let i = 0; i < size; i++) {
        let s0 = b;
        for (let j = 0; j < d; j++) s0 += Xb[i * d + j] * w[j];
        const ri = s0 - yb[i];
        r[i] = ri;
        lossSum += ri * ri;
        gb += ri;
      }
      g.fill(0);
      for (let i = 0; i < size; i++) {
        const ri = r[i];
        for (let j = 0; j < d; j++) g[j] += Xb[i * d + j] * ri;
      }
      for (let j = 0; j < d; j++) w[j] -= (s.lr * g[j]) / size;
      b -= (s.lr * gb) / size;
      if (!Number.isFinite(lossSum)) throw new Error('hand loop diverged');
    }
    let total = 0;
    for (let i = 0; i < n; i++) {
      let s0 = b - y[i];
      for (let j = 0; j < d; j++) s0 += X[i * d + j] * w[j];
      total += s0 * s0;
    }
    epochLoss = total / 2 / n;
  }
  return epochLoss;
}

function time(fn: () => number): number {
  const t = performance.now();
  const v = fn();
  const dt = performance.now() - t;
  if (!Number.isFinite(v)) throw new Error('a run produced no finite epoch loss');
  return dt;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const only = process.argv[2];
console.log(`trainer benchmark — node ${process.version}, ${new Date().toISOString()}`);
for (const s of SHAPES) {
  if (only && !s.name.startsWith(only)) continue;
  const trueW = Array.from({ length: s.d }, (_, j) => (j % 2 ? -1 : 1) * (1 + (j % 5)) / 5);
  const ds = syntheticLinear({ n: s.n, w: trueW, b: 4.2, noise: 0.01, seed: 1 });
  for (let i = 0; i < s.warmup; i++) {
    time(() => pipeline(ds, s));
    time(() => handLoop(ds, s, 'epochOrder'));
    time(() => handLoop(ds, s, 'lcg'));
  }
  const a: number[] = [];
  const b: number[] = [];
  const l: number[] = [];
  for (let i = 0; i < s.rounds; i++) {
    a.push(time(() => pipeline(ds, s)));
    b.push(time(() => handLoop(ds, s, 'epochOrder')));
    l.push(time(() => handLoop(ds, s, 'lcg')));
  }
  // Where the pipeline's time goes (measured after the A/B rounds, also alternating): the data
  // stream alone, and train() alone over pre-gathered batches (large shape: fewer rounds, memory).
  const batches = await lastValueFrom(minibatches(ds, { batchSize: s.batchSize, epochs: s.epochs, shuffle: true, seed: 1 }).pipe(toArray()));
  const c: number[] = [];
  const e: number[] = [];
  for (let i = 0; i < Math.max(3, Math.floor(s.rounds / 2)); i++) {
    c.push(time(() => batchesOnly(ds, s)));
    e.push(time(() => trainOnly(batches, ds, s)));
  }
  const ma = median(a);
  const mb = median(b);
  const ratio = ma / mb;
  console.log(`\n${s.name}  (${s.rounds} alternating rounds after ${s.warmup} warm-up)`);
  console.log(`  A pipeline  minibatches(...).pipe(train(...))  median ${ma.toFixed(3)} ms`);
  console.log(`  B hand loop Float64Array, same shuffle       median ${mb.toFixed(3)} ms`);
  console.log(`  ratio A/B ${ratio.toFixed(2)}×  (goal ≤ ${s.goal}×)  ${ratio <= s.goal ? 'MET' : 'MISSED'}`);
  console.log(`  L hand loop with an LCG shuffle (lower bound) median ${median(l).toFixed(3)} ms; A/L ${(ma / median(l)).toFixed(2)}×`);
  console.log(`  breakdown: minibatches alone median ${median(c).toFixed(3)} ms (${(median(c) / mb).toFixed(2)}× B), train() over pre-gathered batches median ${median(e).toFixed(3)} ms (${(median(e) / mb).toFixed(2)}× B)`);
}
