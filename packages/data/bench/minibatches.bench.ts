/**
 * Benchmark (not a test): what the Observable adds per emitted batch over a plain for-loop that gathers
 * the same rows, for the lesson's shape (n = 1000, d = 2, batch 10). Goal: ≤ 100 ns per batch.
 *
 * Pairs measured (each side does the same work: the same shuffle draws, fresh arrays per batch carved from
 * the same chunk allocator, one batch object, one call to a consumer):
 *   shuffled   minibatches(ds, { batchSize, epochs, seed })     vs  epochOrder + gather loop
 *   in order   minibatches(ds, { batchSize, epochs, shuffle: false }) vs  gather loop in row order
 *   reuse      minibatches(ds, { …, reuse: true })               vs  shuffled loop reusing one set of buffers
 * and, for reference, minibatches against a naive loop that allocates three typed arrays per batch.
 *
 * After a warm-up, the sides run alternately A B A B …; medians are printed in ns per batch.
 *
 * Run: npm run bench -w @gradstream/data   (ROUNDS=… EPOCHS=… to change the sample size; ONLY=reuse|shuffled|order
 * to run one pair)
 */
import { BatchArena } from '../src/batch-arrays.js';
import { epochOrder, minibatches, syntheticLinear, type Batch } from '../src/index.js';

const n = 1000;
const d = 2;
const batchSize = 10;
const seed = 7;
const epochs = Number(process.env.EPOCHS ?? 20);
const rounds = Number(process.env.ROUNDS ?? 101);
const batchesPerRun = epochs * Math.ceil(n / batchSize);

const ds = syntheticLinear({ n, seed });
let sink = 0;
const consume = (b: Batch): void => {
  sink += b.X[0] + b.y[b.size - 1] + b.indices[0];
};

function observable(shuffle: boolean, reuse = false): void {
  minibatches(ds, { batchSize, epochs, seed, shuffle, reuse }).subscribe(consume);
}

/** The plain loop: the same rows, the same fresh arrays and batch objects, no Observable. */
function loopShuffled(): void {
  const { X, y } = ds;
  const perEpoch = Math.ceil(n / batchSize);
  const arena = new BatchArena(batchSize, d);
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const order = epochOrder(n, seed, epoch);
    for (let index = 0; index < perEpoch; index++) {
      const offset = index * batchSize;
      const size = Math.min(batchSize, n - offset);
      const { indices, X: bx, y: by } = arena.take(size);
      for (let k = 0; k < size; k++) indices[k] = order[offset + k];
      for (let k = 0; k < size; k++) {
        const row = indices[k];
        by[k] = y[row];
        for (let j = 0; j < d; j++) bx[k * d + j] = X[row * d + j];
      }
      consume({ epoch, index, size, d, indices, X: bx, y: by, last: index === perEpoch - 1 });
    }
  }
}

/** The plain loop in row order: a separate function so that V8 optimises it for that case alone. */
function loopInOrder(): void {
  const { X, y } = ds;
  const perEpoch = Math.ceil(n / batchSize);
  const arena = new BatchArena(batchSize, d);
  for (let epoch = 1; epoch <= epochs; epoch++) {
    for (let index = 0; index < perEpoch; index++) {
      const offset = index * batchSize;
      const size = Math.min(batchSize, n - offset);
      const { indices, X: bx, y: by } = arena.take(size);
      for (let k = 0; k < size; k++) indices[k] = offset + k;
      for (let k = 0; k < size; k++) {
        const row = indices[k];
        by[k] = y[row];
        for (let j = 0; j < d; j++) bx[k * d + j] = X[row * d + j];
      }
      consume({ epoch, index, size, d, indices, X: bx, y: by, last: index === perEpoch - 1 });
    }
  }
}

/** Reference only: the naive loop with three new typed arrays a batch (what the arena saves). */
function loopFreshArrays(): void {
  const { X, y } = ds;
  const perEpoch = Math.ceil(n / batchSize);
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const order = epochOrder(n, seed, epoch);
    for (let index = 0; index < perEpoch; index++) {
      const offset = index * batchSize;
      const size = Math.min(batchSize, n - offset);
      const indices = new Uint32Array(size);
      const bx = new Float64Array(size * d);
      const by = new Float64Array(size);
      for (let k = 0; k < size; k++) {
        const row = order[offset + k];
        indices[k] = row;
        by[k] = y[row];
        for (let j = 0; j < d; j++) bx[k * d + j] = X[row * d + j];
      }
      consume({ epoch, index, size, d, indices, X: bx, y: by, last: index === perEpoch - 1 });
    }
  }
}

/** The loop that reuses one set of buffers for every batch: the counterpart of `reuse: true`. */
function reusingLoop(): void {
  const { X, y } = ds;
  const perEpoch = Math.ceil(n / batchSize);
  const indices = new Uint32Array(batchSize);
  const bx = new Float64Array(batchSize * d);
  const by = new Float64Array(batchSize);
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const order = epochOrder(n, seed, epoch);
    for (let index = 0; index < perEpoch; index++) {
      const offset = index * batchSize;
      const size = Math.min(batchSize, n - offset);
      for (let k = 0; k < size; k++) {
        const row = order[offset + k];
        indices[k] = row;
        by[k] = y[row];
        for (let j = 0; j < d; j++) bx[k * d + j] = X[row * d + j];
      }
      // A fresh batch object, as minibatches emits (the last batch would take views; none is short here).
      consume({ epoch, index, size, d, indices, X: bx, y: by, last: index === perEpoch - 1 });
    }
  }
}

function timePerBatch(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / batchesPerRun;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

/** Each pair: the Observable (A) and the loop doing the same work (B). */
const pairs: { key: string; a: [string, () => void]; b: [string, () => void] }[] = [
  { key: 'shuffled', a: ['minibatches, shuffled', () => observable(true)], b: ['for-loop, shuffled', loopShuffled] },
  { key: 'order', a: ['minibatches, in order', () => observable(false)], b: ['for-loop, in order', loopInOrder] },
  { key: 'reuse', a: ['minibatches, shuffled, reuse: true', () => observable(true, true)], b: ['for-loop, shuffled, reused buffers', reusingLoop] },
  { key: 'naive', a: ['minibatches, shuffled', () => observable(true)], b: ['for-loop, shuffled, 3 new arrays/batch', loopFreshArrays] },
];
const only = process.env.ONLY;

const pad = (s: string) => s.padEnd(40);
const fmt = (ns: number) => ns.toFixed(1).padStart(8);
console.log(`@gradstream/data minibatches — n = ${n}, d = ${d}, batch ${batchSize}; ${epochs} epochs (${batchesPerRun} batches) per sample`);
console.log(`${rounds} rounds of A B per pair after a warm-up; medians in ns per emitted batch`);
let worst = -Infinity;
for (const { key, a, b } of pairs) {
  const informative = key === 'naive';
  if (only && only !== key) continue;
  // Warm-up: let V8 optimise both sides before measuring.
  for (let i = 0; i < 20; i++) {
    a[1]();
    b[1]();
  }
  const sa: number[] = [];
  const sb: number[] = [];
  const diff: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const ta = timePerBatch(a[1]);
    const tb = timePerBatch(b[1]);
    sa.push(ta);
    sb.push(tb);
    diff.push(ta - tb);
  }
  // The median of the per-round differences resists load spikes from other processes better than a difference of medians.
  const overhead = median(diff);
  if (!informative) worst = Math.max(worst, overhead);
  console.log(`  A ${pad(a[0])} ${fmt(median(sa))} ns/batch`);
  console.log(`  B ${pad(b[0])} ${fmt(median(sb))} ns/batch`);
  if (informative) console.log(`    ${pad('A − B (chunked arrays vs naive allocation):')} ${fmt(overhead)} ns/batch  (for reference)`);
  else console.log(`    ${pad(`Observable overhead (${key}):`)} ${fmt(overhead)} ns/batch  (goal ≤ 100)`);
}
console.log(`verdict: ${worst <= 100 ? 'goal met' : 'goal MISSED'} (worst overhead ${worst.toFixed(1)} ns/batch; checksum ${sink.toFixed(3)})`);
