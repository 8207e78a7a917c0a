// W2, a large shape: n = 200,000, d = 256, batch 256, 1 epoch; samples/s for the same four.
import { syntheticLinear } from '@gradstream/data';
import { trainByHand } from './floor.js';
import { alternate, printGoal, printTable } from './harness.js';
import { trainWithPipeline } from './pipeline.js';
import { loadTf, trainWithTf } from './tfjs.js';

const n = 200_000;
const d = 256;
const options = { batchSize: 256, lr: 0.01, epochs: 1, seed: 11 };
const w = Array.from({ length: d }, (_, j) => Math.sin(j + 1));
const ds = syntheticLinear({ n, w, b: 0.5, noise: 0.01, seed: 11 });
const tf = await loadTf();

const results = await alternate(
  [
    { name: 'floor (hand loop)', run: () => trainByHand(ds, options) },
    { name: 'gradstream fused', run: () => trainWithPipeline(ds, options, 'fused') },
    { name: 'gradstream autograd', run: () => trainWithPipeline(ds, options, 'autograd') },
    { name: 'tfjs cpu', run: () => trainWithTf(tf, ds, options) },
  ],
  { warmup: 1, rounds: 5 },
);
printTable(`W2 large: n=${n} d=${d} batch=256 epochs=1 (per whole run)`, results, { itemsPerRun: n, itemName: 'samples' });
const [floor, fused, , tfjs] = results.map((r) => r.median);
printGoal('W2 fused / floor', fused / floor, 1.3, '<=');
printGoal('W2 tfjs / fused', tfjs / fused, 8, '>=');
