/**
 * micrograd's demo (github.com/karpathy/micrograd, demo.ipynb) through gradstream's pipeline: 100 moons with
 * noise 0.1 and labels ±1, an MLP 2-16-16-1 with ReLU, the hinge loss plus 1e-4·Σp², full-batch SGD with
 * lr = 1.0 − 0.9·k/100 for 100 steps. micrograd reaches 100% training accuracy; so does this.
 *
 *     node --import tsx examples/micrograd-moons/main.ts
 */
import { moons } from '@gradstream/data';
import type { TrainEvent } from '@gradstream/events';
import { mlp, trainOn } from '@gradstream/trainer';
import { lastValueFrom, tap, toArray } from 'rxjs';
import { pathToFileURL } from 'node:url';

/** The demo's run: one epoch is one full-batch step, so 100 epochs are micrograd's 100 steps. */
export function microgradDemo(seed = 1337) {
  const data = moons({ n: 100, noise: 0.1, seed, labels: 'pm1' });
  const model = mlp({ sizes: [2, 16, 16, 1], activation: 'relu', loss: 'hinge', l2: 1e-4, init: 'micrograd' });
  return trainOn(data, {
    model,
    lr: 1.0,
    schedule: { name: 'linear', lrEnd: 0.1, steps: 100 },
    batchSize: 100,
    epochs: 100,
    seed,
    explain: false,
  });
}

async function main(): Promise<void> {
  const events: TrainEvent[] = await lastValueFrom(
    microgradDemo().pipe(
      tap((e) => {
        // micrograd prints loss and accuracy every step; every 10th keeps it short. One epoch is one step here.
        if (e.type === 'epoch' && (e.epoch % 10 === 0 || e.epoch === 1)) console.log(`after step ${e.epoch}: loss ${e.loss.toFixed(6)}, accuracy ${((e.accuracy ?? 0) * 100).toFixed(0)}%`);
      }),
      toArray(),
    ),
  );
  const done = events.at(-1);
  if (done?.type === 'done') console.log(`done: ${done.steps} steps, final accuracy ${((done.accuracy ?? 0) * 100).toFixed(0)}%`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
