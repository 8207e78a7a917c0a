/**
 * W8's gradstream side: `minibatches(…).pipe(train({ model: mlp(…), engine }))` run to completion
 * synchronously, with every step event (parameters by name included) made as in any run.
 *
 * @example
 * import { moons } from '@gradstream/data';
 * import { moonsMlp, trainMlpWithPipeline } from './w8-mlp-pipeline.js';
 * const ds = moons({ n: 100, noise: 0.1, seed: 1, labels: 'pm1' });
 * const model = moonsMlp();
 * const r = trainMlpWithPipeline(ds, { sizes: [2, 16, 16, 1], l2: 1e-4, batchSize: 10, lr: 0.1, epochs: 5, seed: 1 }, model.init!(1), model, 'fused');
 * console.log(r.engine, r.lastLoss); // fused …
 */
import { minibatches, type Dataset } from '@gradstream/data';
import type { EngineName } from '@gradstream/events';
import { mlp, train, type Model } from '@gradstream/trainer';
import type { MlpRunOptions } from './w8-mlp-floor.js';

/** micrograd's demo model, 2-16-16-1 ReLU, hinge + 1e-4·Σp², which trains on its fused engine by default. */
export function moonsMlp(): Model {
  return mlp({ sizes: [2, 16, 16, 1], activation: 'relu', loss: 'hinge', l2: 1e-4 });
}

export function trainMlpWithPipeline(ds: Dataset, { batchSize, lr, epochs, seed }: MlpRunOptions, p0: Float64Array, model: Model, engine: EngineName) {
  let at = 0;
  const init = Object.fromEntries(model.parameters.map(({ name, shape }) => [name, Array.from(p0.subarray(at, (at += shape.reduce((a, b) => a * b, 1))))]));
  let lastLoss = NaN;
  let params: Record<string, number[]> = {};
  let ran: string | undefined;
  let failure: string | undefined;
  // reuse: train() is done with a batch before the next one comes, so the producer refills the same arrays.
  minibatches(ds, { batchSize, epochs, shuffle: true, seed, reuse: true })
    .pipe(train({ model, lr, optimizer: 'sgd', engine, explain: false, init }))
    .subscribe((e) => {
      if (e.type === 'run') ran = e.config.engine;
      if (e.type === 'step') {
        lastLoss = e.loss;
        params = e.params!;
      }
      if (e.type === 'error') failure = e.message;
    });
  if (failure) throw new Error(`the ${engine} pipeline failed: ${failure}`);
  const p = Float64Array.from(model.parameters.flatMap(({ name }) => params[name]));
  return { engine: ran, lastLoss, p };
}
