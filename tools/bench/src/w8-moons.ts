// W8, micrograd's moons MLP: 100 moons (noise 0.1), MLP 2-16-16-1 ReLU, hinge + 1e-4·Σp², SGD lr 0.1, from the
// same initial parameters, at batch 10 (20 epochs, 200 steps) and full batch 100 (100 epochs, 100 steps; the
// demo's setting). Four implementations alternate after a warm-up in this one process; the figure is the median
// time per step, wall clock and this process's CPU time (other processes on the shared cores lengthen the first).
import { performance } from 'node:perf_hooks';
import { moons } from '@gradstream/data';
import { alternate, fmt, median, printGoal, type Contender } from './harness.js';
import { loadTf } from './tfjs.js';
import { trainMlpByHand, type MlpRunOptions } from './w8-mlp-floor.js';
import { moonsMlp, trainMlpWithPipeline } from './w8-mlp-pipeline.js';
import { trainMlpWithTf } from './w8-mlp-tfjs.js';

const ds = moons({ n: 100, noise: 0.1, seed: 7, labels: 'pm1' });
const model = moonsMlp();
const p0 = model.init!(7);
const tf = await loadTf();
const maxDiff = (a: Float64Array, b: Float64Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

for (const [batchSize, epochs] of [[10, 20], [100, 100]]) {
  const options: MlpRunOptions = { sizes: [2, 16, 16, 1], l2: 1e-4, batchSize, lr: 0.1, epochs, seed: 7 };
  const steps = epochs * Math.ceil(ds.n / batchSize);
  // All four must learn the same model before their times mean anything.
  const floor = trainMlpByHand(ds, options, p0);
  const fused = trainMlpWithPipeline(ds, options, p0, model, 'fused');
  const autograd = trainMlpWithPipeline(ds, options, p0, model, 'autograd');
  const tfjs = trainMlpWithTf(tf, ds, options, p0);
  if (fused.engine !== 'fused' || autograd.engine !== 'autograd') throw new Error(`W8: engines ran ${fused.engine}, ${autograd.engine}`);
  const agree = [maxDiff(fused.p, floor.p), maxDiff(autograd.p, floor.p)];
  if (!(agree[0] < 1e-9 && agree[1] < 1e-9)) throw new Error(`W8: gradstream's parameters differ from the floor's by ${agree}`);
  const tfGap = Math.abs(tfjs.lastLoss - floor.lastLoss);
  if (!(tfGap < 1e-3)) throw new Error(`W8: tfjs ended at loss ${tfjs.lastLoss}, the floor at ${floor.lastLoss}`);

  const cpu: number[][] = [];
  const timed = (name: string, run: () => unknown): Contender => {
    const samples: number[] = [];
    cpu.push(samples);
    return {
      name,
      run: () => {
        const c0 = process.cpuUsage();
        run();
        const c = process.cpuUsage(c0);
        samples.push((c.user + c.system) / 1000);
      },
    };
  };
  const t0 = performance.now();
  const results = await alternate(
    [
      timed('floor (hand loop)', () => trainMlpByHand(ds, options, p0)),
      timed('gradstream fused', () => trainMlpWithPipeline(ds, options, p0, model, 'fused')),
      timed('gradstream autograd', () => trainMlpWithPipeline(ds, options, p0, model, 'autograd')),
      timed('tfjs cpu', () => trainMlpWithTf(tf, ds, options, p0)),
    ],
    { warmup: 3, rounds: batchSize === 10 ? 21 : 15 },
  );
  console.log(`\nW5 moons MLP 2-16-16-1 relu hinge+1e-4 L2: batch ${batchSize}, ${steps} steps a run (${fmt((performance.now() - t0) / 1000)} s measuring)`);
  console.log(`  same model: max |Δp| fused ${agree[0].toExponential(1)}, autograd ${agree[1].toExponential(1)} vs floor; tfjs (float32) last loss ${fmt(tfjs.lastLoss, 6)} vs ${fmt(floor.lastLoss, 6)}`);
  const width = Math.max(...results.map((r) => r.name.length));
  // The warm-up's CPU samples come first; the medians use the measured rounds only.
  const cpuMedians = cpu.map((s) => median(s.slice(3)));
  results.forEach((r, i) => {
    const wall = (r.median / steps) * 1000;
    const cpuStep = (cpuMedians[i] / steps) * 1000;
    const ratio = i === 0 ? '(baseline)' : `${fmt(r.median / results[0].median)}× floor wall, ${fmt(cpuMedians[i] / cpuMedians[0])}× floor CPU`;
    console.log(`  ${r.name.padEnd(width)}  ${fmt(wall)} µs/step wall, ${fmt(cpuStep)} µs/step CPU  ${ratio}`);
  });
  printGoal(`W8 batch ${batchSize} fused / floor (wall)`, results[1].median / results[0].median, 3, '<=');
}
