/**
 * The same training in TensorFlow.js (`@tensorflow/tfjs`, cpu backend): the same batches in the same
 * order, loss = mean((ŷ − y)²/2) so that `tf.train.sgd(lr)` applies d2l's `p −= lr·grad/batch`, and the
 * loss over the whole dataset after each epoch. Batches are gathered on the JS side and handed to tf
 * as tensors, as a user feeding tfjs from an array would do.
 *
 * @example
 * import { syntheticLinear } from '@gradstream/data';
 * import { loadTf, trainWithTf } from './tfjs.js';
 * const tf = await loadTf();
 * console.log(trainWithTf(tf, syntheticLinear({ seed: 1 }), { batchSize: 10, lr: 0.03, epochs: 3, seed: 1 }).epochLosses);
 */
import { epochOrder, type Dataset } from '@gradstream/data';
import type { HandRunOptions } from './floor.js';

type Tf = typeof import('@tensorflow/tfjs');

/** Loads tfjs on its pure-JavaScript cpu backend (no native addon, no WebGL here). */
export async function loadTf(): Promise<Tf> {
  // tfjs prints an advert for tfjs-node on first import; keep benchmark output readable.
  const { log, warn } = console;
  console.log = console.warn = () => {};
  try {
    const tf = await import('@tensorflow/tfjs');
    await tf.setBackend('cpu');
    await tf.ready();
    return tf;
  } finally {
    console.log = log;
    console.warn = warn;
  }
}

export function trainWithTf(tf: Tf, ds: Dataset, { batchSize, lr, epochs, seed, epochLoss = true }: HandRunOptions) {
  const { n, d, X, y } = ds;
  const w = tf.variable(tf.zeros([d, 1], 'float32'));
  const b = tf.variable(tf.zeros([1], 'float32'));
  const optimizer = tf.train.sgd(lr);
  // tfjs's cpu backend computes in float32 and takes no Float64Array.
  const allX = tf.tensor2d(Float32Array.from(X), [n, d]);
  const allY = tf.tensor2d(Float32Array.from(y), [n, 1]);
  const xs = new Float32Array(batchSize * d);
  const ys = new Float32Array(batchSize);
  const epochLosses: number[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const order = epochOrder(n, seed, epoch);
    for (let start = 0; start < n; start += batchSize) {
      const m = Math.min(batchSize, n - start);
      for (let k = 0; k < m; k++) {
        const row = order[start + k];
        for (let j = 0; j < d; j++) xs[k * d + j] = X[row * d + j];
        ys[k] = y[row];
      }
      tf.tidy(() => {
        const bx = tf.tensor2d(xs.subarray(0, m * d), [m, d]);
        const by = tf.tensor2d(ys.subarray(0, m), [m, 1]);
        optimizer.minimize(() => bx.matMul(w).add(b).sub(by).square().div(2).mean() as import('@tensorflow/tfjs').Scalar);
      });
    }
    if (epochLoss) {
      epochLosses.push(tf.tidy(() => allX.matMul(w).add(b).sub(allY).square().div(2).mean().dataSync()[0]));
    }
  }
  const result = { w: Array.from(w.dataSync()), b: b.dataSync()[0], epochLosses };
  tf.dispose([w, b, allX, allY]);
  optimizer.dispose();
  return result;
}
