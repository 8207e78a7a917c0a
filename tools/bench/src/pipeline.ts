/**
 * gradstream's side of the benchmarks: the whole pipeline, `minibatches(...).pipe(train(...))`,
 * with either engine, run to completion synchronously; returns the epoch losses it printed.
 *
 * @example
 * import { syntheticLinear } from '@gradstream/data';
 * import { trainWithPipeline } from './pipeline.js';
 * console.log(trainWithPipeline(syntheticLinear({ seed: 1 }), { batchSize: 10, lr: 0.03, epochs: 3, seed: 1 }, 'fused'));
 */
import { minibatches, type Dataset } from '@gradstream/data';
import type { EngineName } from '@gradstream/events';
import { train } from '@gradstream/trainer';
import type { HandRunOptions } from './floor.js';

/**
 * @param optimum - also solve the least-squares optimum (normal equations) for `gapToOptimum`, as the
 *   default config does for an in-memory dataset; the floor and tfjs do not, so same-work comparisons pass false.
 */
export function trainWithPipeline(ds: Dataset, { batchSize, lr, epochs, seed }: HandRunOptions, engine: EngineName, optimum = false) {
  const epochLosses: number[] = [];
  let failure: string | undefined;
  // reuse: train() is done with a batch before the next one comes, so the producer may refill the same arrays,
  // as the floor refills its own (the data README's advice for synchronous consumers).
  minibatches(ds, { batchSize, epochs, shuffle: true, seed, reuse: true })
    .pipe(train({ lr, dataset: ds, engine, optimum, explain: false, init: { w: new Array(ds.d).fill(0), b: 0 } }))
    .subscribe((e) => {
      if (e.type === 'epoch') epochLosses.push(e.loss);
      if (e.type === 'error') failure = e.message;
    });
  if (failure) throw new Error(`the ${engine} pipeline failed: ${failure}`);
  return { epochLosses };
}
