// W1, the lesson: n = 1000, d = 2, batch 10, lr 0.03, 3 epochs, epoch losses included.
// Four implementations of the same training, alternating after a warm-up, in this one process.
import { syntheticLinear } from '@gradstream/data';
import { trainByHand } from './floor.js';
import { alternate, printGoal, printTable } from './harness.js';
import { trainWithPipeline } from './pipeline.js';
import { loadTf, trainWithTf } from './tfjs.js';

const options = { batchSize: 10, lr: 0.03, epochs: 3, seed: 7 };
const ds = syntheticLinear({ n: 1000, seed: 7 });
const tf = await loadTf();

// All four must learn the same model before their times mean anything.
const floorLoss = trainByHand(ds, options).epochLosses.at(-1)!;
for (const [name, loss] of [
  ['fused', trainWithPipeline(ds, options, 'fused').epochLosses.at(-1)!],
  ['autograd', trainWithPipeline(ds, options, 'autograd').epochLosses.at(-1)!],
  ['tfjs', trainWithTf(tf, ds, options).epochLosses.at(-1)!],
] as const) {
  if (!(Math.abs(loss - floorLoss) < 1e-4)) throw new Error(`W1: ${name} ended at loss ${loss}, the floor at ${floorLoss}`);
}

const results = await alternate(
  [
    { name: 'floor (hand loop)', run: () => trainByHand(ds, options) },
    { name: 'gradstream fused', run: () => trainWithPipeline(ds, options, 'fused') },
    { name: 'gradstream autograd', run: () => trainWithPipeline(ds, options, 'autograd') },
    { name: 'tfjs cpu', run: () => trainWithTf(tf, ds, options) },
    // Not the same work (it also solves the normal equations once for gapToOptimum): shown for its cost.
    { name: 'gradstream fused + optimum', run: () => trainWithPipeline(ds, options, 'fused', true) },
  ],
  { warmup: 5, rounds: 31 },
);
printTable('W1 lesson: n=1000 d=2 batch=10 lr=0.03 epochs=3 (per whole run)', results, { itemsPerRun: 3000, itemName: 'samples' });
const [floor, fused, autograd, tfjs] = results.map((r) => r.median);
printGoal('W1 fused / floor', fused / floor, 2, '<=');
printGoal('W1 tfjs / fused', tfjs / fused, 100, '>=');
printGoal('W1 autograd / floor', autograd / floor, 10, '<=');
