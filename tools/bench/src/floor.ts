/**
 * The floor: the lesson's training written by hand on Float64Arrays — shuffle, gather, residual,
 * gradient, update, epoch loss — with no library between the numbers and the loop. Anything a
 * pipeline adds is measured against this.
 *
 * @example
 * import { syntheticLinear } from '@gradstream/data';
 * import { trainByHand } from './floor.js';
 * const ds = syntheticLinear({ seed: 1 });
 * console.log(trainByHand(ds, { batchSize: 10, lr: 0.03, epochs: 3, seed: 1 }).epochLosses);
 */
import { epochOrder, type Dataset } from '@gradstream/data';

export interface HandRunOptions {
  batchSize: number;
  lr: number;
  epochs: number;
  seed: number;
  /** Compute the loss over the whole dataset after each epoch (d2l's printout). */
  epochLoss?: boolean;
}

export function trainByHand(ds: Dataset, { batchSize, lr, epochs, seed, epochLoss = true }: HandRunOptions) {
  const { n, d, X, y } = ds;
  const w = new Float64Array(d);
  let b = 0;
  const gw = new Float64Array(d);
  const epochLosses: number[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const order = epochOrder(n, seed, epoch);
    for (let start = 0; start < n; start += batchSize) {
      const end = Math.min(start + batchSize, n);
      gw.fill(0);
      let gb = 0;
      for (let k = start; k < end; k++) {
        const row = order[k] * d;
        let r = b - y[order[k]];
        for (let j = 0; j < d; j++) r += X[row + j] * w[j];
        for (let j = 0; j < d; j++) gw[j] += r * X[row + j];
        gb += r;
      }
      const step = lr / (end - start);
      for (let j = 0; j < d; j++) w[j] -= step * gw[j];
      b -= step * gb;
    }
    if (epochLoss) {
      let sum = 0;
      for (let i = 0; i < n; i++) {
        let r = b - y[i];
        for (let j = 0; j < d; j++) r += X[i * d + j] * w[j];
        sum += (r * r) / 2;
      }
      epochLosses.push(sum / n);
    }
  }
  return { w, b, epochLosses };
}
