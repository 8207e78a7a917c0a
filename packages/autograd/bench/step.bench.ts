// Benchmark (not a test): one SGD step of the d2l lesson (batch 10, d = 2) through the autograd
// graph — forward, l.sum().backward(), the update inside noGrad — against the fused hand-written
// gradient (ŷ = X·w + b, r = ŷ − y, ∂l/∂w = Xᵀr, ∂l/∂b = Σr, both products through dgemm, no
// allocation). Alternates A B A B after a warm-up and prints medians and their ratio.
//
//   npm run bench -w @gradstream/autograd          (or: cd packages/autograd && npm run bench)
//   ROUNDS=101 ROUND_MS=5 npm run bench            (more or longer samples)
import dgemm from '@stdlib/blas-base-dgemm';
import { noGrad, tensor, type Tensor } from '../src/index.js';

const BATCH = 10;
const D = 2;
const LR = 0.03;
const ROUNDS = Number(process.env.ROUNDS ?? 41);
/** Wall time of one round of either engine: equal for both, so a busy scheduler hits both alike. */
const ROUND_MS = Number(process.env.ROUND_MS ?? 2);

// one fixed minibatch of the lesson's data (y = X·[2, −3.4] + 4.2 + small noise)
const X = new Float64Array(BATCH * D);
const y = new Float64Array(BATCH);
let seed = 12345;
const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
for (let i = 0; i < BATCH; i++) {
  X[i * D] = rand();
  X[i * D + 1] = rand();
  y[i] = 2 * X[i * D] - 3.4 * X[i * D + 1] + 4.2 + 0.01 * rand();
}

// A: the autograd graph, written as the trainer writes the lesson
const w = tensor(new Float64Array(D), { shape: [D, 1], requiresGrad: true, name: 'w' });
const b = tensor(new Float64Array(1), { shape: [1], requiresGrad: true, name: 'b' });
const params: Tensor[] = [w, b];
function graphStep(): number {
  const Xt = tensor(X, { shape: [BATCH, D] });
  const yt = tensor(y);
  const yHat = Xt.matmul(w).add(b);
  const l = yHat.sub(yt.reshape(yHat.shape)).pow(2).div(2);
  const total = l.sum();
  total.backward();
  noGrad(() => {
    for (const p of params) {
      p.sub_(p.grad!.mul(LR / BATCH));
      p.grad!.zero_();
    }
  });
  return total.data[0];
}

// B: fused, hand-written gradient; buffers allocated once
const fw = new Float64Array(D);
let fb = 0;
const r = new Float64Array(BATCH);
const gw = new Float64Array(D);
function fusedStep(): number {
  dgemm.ndarray('no-transpose', 'no-transpose', BATCH, 1, D, 1.0, X, D, 1, 0, fw, 1, 1, 0, 0.0, r, 1, 1, 0);
  let loss = 0;
  let gb = 0;
  for (let i = 0; i < BATCH; i++) {
    const ri = r[i] + fb - y[i];
    r[i] = ri;
    loss += 0.5 * ri * ri;
    gb += ri;
  }
  dgemm.ndarray('transpose', 'no-transpose', D, 1, BATCH, 1.0, X, D, 1, 0, r, 1, 1, 0, 0.0, gw, 1, 1, 0);
  for (let j = 0; j < D; j++) fw[j] -= (LR / BATCH) * gw[j];
  fb -= (LR / BATCH) * gb;
  return loss;
}

function timePerStep(step: () => number, steps: number): number {
  let sink = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < steps; i++) sink += step();
  const ns = Number(process.hrtime.bigint() - t0);
  if (Number.isNaN(sink)) throw new Error('diverged');
  return ns / steps / 1000; // µs
}

/** Steps that take about ROUND_MS, from a short trial. */
function calibrate(step: () => number): number {
  const perStep = Math.min(timePerStep(step, 500), timePerStep(step, 500));
  return Math.max(100, Math.round((ROUND_MS * 1000) / perStep));
}

function median(xs: number[]): number {
  const s = [...xs].sort((p, q) => p - q);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

// both engines must agree before their speed means anything
for (let i = 0; i < 50; i++) {
  graphStep();
  fusedStep();
}
const drift = Math.max(Math.abs(w.data[0] - fw[0]), Math.abs(w.data[1] - fw[1]), Math.abs(b.data[0] - fb));
if (drift > 1e-12) throw new Error(`graph and fused steps disagree by ${drift}`);

// warm-up (lets V8 optimize both paths), then size the rounds
for (let i = 0; i < 3; i++) {
  timePerStep(graphStep, 2000);
  timePerStep(fusedStep, 2000);
}
const stepsA = calibrate(graphStep);
const stepsB = calibrate(fusedStep);
const A: number[] = [];
const B: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  A.push(timePerStep(graphStep, stepsA));
  B.push(timePerStep(fusedStep, stepsB));
}
const a = median(A);
const f = median(B);
console.log(`lesson SGD step, batch ${BATCH}, d = ${D}; ${ROUNDS} rounds of ~${ROUND_MS} ms each (A ${stepsA} steps, B ${stepsB} steps), alternating A B`);
console.log(`  A autograd graph (forward + backward + update)  median ${a.toFixed(3)} µs/step  [min ${Math.min(...A).toFixed(3)}, max ${Math.max(...A).toFixed(3)}]`);
console.log(`  B fused hand-written gradient                   median ${f.toFixed(3)} µs/step  [min ${Math.min(...B).toFixed(3)}, max ${Math.max(...B).toFixed(3)}]`);
const minRatio = Math.min(...A) / Math.min(...B);
console.log(`  ratio of medians A/B ${(a / f).toFixed(2)}× (goal ≤ 10×: ${a / f <= 10 ? 'met' : 'missed'}); ratio of minimums ${minRatio.toFixed(2)}×`);
console.log(`  (on a busy machine the minimums are the better estimate of the intrinsic cost; A allocates and pays GC, B does not)`);
console.log(`  PyTorch eager costs ~150 µs per step of this graph`);
